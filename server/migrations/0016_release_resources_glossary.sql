CREATE TABLE "release_resources" (
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"resource_id" text NOT NULL,
	"locale" text NOT NULL,
	"hash" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "release_resources_course_id_release_id_resource_id_locale_pk" PRIMARY KEY("course_id","release_id","resource_id","locale")
);
--> statement-breakpoint
CREATE TABLE "release_glossaries" (
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"locale" text NOT NULL,
	"hash" text NOT NULL,
	"terms" jsonb NOT NULL,
	CONSTRAINT "release_glossaries_course_id_release_id_locale_pk" PRIMARY KEY("course_id","release_id","locale")
);
--> statement-breakpoint
CREATE TABLE "step_visits" (
	"user_id" uuid NOT NULL,
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"module_id" text NOT NULL,
	"step_id" text NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "step_visits_user_id_course_id_release_id_module_id_step_id_pk" PRIMARY KEY("user_id","course_id","release_id","module_id","step_id")
);
--> statement-breakpoint
ALTER TABLE "step_visits" ADD CONSTRAINT "step_visits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;
