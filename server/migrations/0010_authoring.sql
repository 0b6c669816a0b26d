CREATE TABLE "draft_courses" (
	"course_id" text PRIMARY KEY NOT NULL,
	"default_locale" text NOT NULL,
	"locales" jsonb NOT NULL,
	"licence" text NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"pass_mark_percent" integer NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"synced_revision" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_images" (
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"file_name" text NOT NULL,
	"asset_hash" text NOT NULL,
	"alt" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_images_course_id_module_id_file_name_pk" PRIMARY KEY("course_id","module_id","file_name")
);
--> statement-breakpoint
CREATE TABLE "draft_modules" (
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"position" integer NOT NULL,
	"slug" text NOT NULL,
	"titles" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "draft_modules_course_id_module_id_pk" PRIMARY KEY("course_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "draft_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"locale" text NOT NULL,
	"revision" integer NOT NULL,
	"source" text NOT NULL,
	"author_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "draft_texts" (
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"locale" text NOT NULL,
	"source" text NOT NULL,
	"revision" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "draft_texts_course_id_module_id_locale_pk" PRIMARY KEY("course_id","module_id","locale")
);
--> statement-breakpoint
ALTER TABLE "draft_courses" ADD CONSTRAINT "draft_courses_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_images" ADD CONSTRAINT "draft_images_asset_hash_assets_hash_fk" FOREIGN KEY ("asset_hash") REFERENCES "assets"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_images" ADD CONSTRAINT "draft_images_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_modules" ADD CONSTRAINT "draft_modules_course_id_draft_courses_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "draft_courses"("course_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_revisions" ADD CONSTRAINT "draft_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draft_texts" ADD CONSTRAINT "draft_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "draft_revisions_text_idx" ON "draft_revisions" USING btree ("course_id","module_id","locale","revision");