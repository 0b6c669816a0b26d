CREATE TABLE "draft_extras" (
	"course_id" text NOT NULL,
	"kind" text NOT NULL,
	"item_id" text NOT NULL,
	"locale" text NOT NULL,
	"source" text NOT NULL,
	"revision" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_extras_course_id_kind_item_id_locale_pk" PRIMARY KEY("course_id","kind","item_id","locale")
);
--> statement-breakpoint
ALTER TABLE "draft_extras" ADD CONSTRAINT "draft_extras_course_id_draft_courses_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "draft_courses"("course_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_extras" ADD CONSTRAINT "draft_extras_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE set null ON UPDATE no action;