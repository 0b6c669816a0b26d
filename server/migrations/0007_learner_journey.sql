CREATE TABLE "certificates" (
	"code" text PRIMARY KEY NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"holder_name" text NOT NULL,
	"minutes" integer NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text
);
--> statement-breakpoint
CREATE TABLE "reflections" (
	"user_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"reflection_id" text NOT NULL,
	"text" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reflections_user_id_course_id_module_id_reflection_id_pk" PRIMARY KEY("user_id","course_id","module_id","reflection_id")
);
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "module_visits" ADD COLUMN "place" text;--> statement-breakpoint
ALTER TABLE "module_visits" ADD COLUMN "read_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "module_visits" ADD COLUMN "changed_since_completed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reflections" ADD CONSTRAINT "reflections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_enrolment_idx" ON "certificates" USING btree ("enrolment_id");--> statement-breakpoint
CREATE INDEX "enrolments_course_release_idx" ON "enrolments" USING btree ("course_id","release_id");