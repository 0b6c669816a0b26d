CREATE TABLE "report_exports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"requested_by" text NOT NULL,
	"course_id" text NOT NULL,
	"kind" text NOT NULL,
	"format" text NOT NULL,
	"filters" jsonb NOT NULL,
	"rows" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "report_exports" ADD CONSTRAINT "report_exports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_exports_started_idx" ON "report_exports" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "enrolments_course_enrolled_idx" ON "enrolments" USING btree ("course_id","enrolled_at","id");