CREATE TABLE "assets" (
	"hash" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"content" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "courses" (
	"id" text PRIMARY KEY NOT NULL,
	"default_locale" text NOT NULL,
	"locales" jsonb NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb NOT NULL,
	"licence" text NOT NULL,
	"pass_mark_percent" integer DEFAULT 70 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "module_versions" (
	"hash" text PRIMARY KEY NOT NULL,
	"module_id" text NOT NULL,
	"locale" text NOT NULL,
	"front_matter" jsonb NOT NULL,
	"source" text NOT NULL,
	"html" text NOT NULL,
	"quizzes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "release_assets" (
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"module_id" text NOT NULL,
	"file_name" text NOT NULL,
	"asset_hash" text NOT NULL,
	CONSTRAINT "release_assets_course_id_release_id_module_id_file_name_pk" PRIMARY KEY("course_id","release_id","module_id","file_name")
);
--> statement-breakpoint
CREATE TABLE "release_module_locales" (
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"module_id" text NOT NULL,
	"locale" text NOT NULL,
	"version_hash" text NOT NULL,
	CONSTRAINT "release_module_locales_course_id_release_id_module_id_locale_pk" PRIMARY KEY("course_id","release_id","module_id","locale")
);
--> statement-breakpoint
CREATE TABLE "release_modules" (
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"module_id" text NOT NULL,
	"position" integer NOT NULL,
	"slug" text NOT NULL,
	"minutes" integer NOT NULL,
	"titles" jsonb NOT NULL,
	CONSTRAINT "release_modules_course_id_release_id_module_id_pk" PRIMARY KEY("course_id","release_id","module_id")
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"course_id" text NOT NULL,
	"id" text NOT NULL,
	"position" integer NOT NULL,
	"date" text NOT NULL,
	"title" jsonb NOT NULL,
	"notes" jsonb NOT NULL,
	"manifest_hash" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "releases_course_id_id_pk" PRIMARY KEY("course_id","id")
);
--> statement-breakpoint
ALTER TABLE "release_assets" ADD CONSTRAINT "release_assets_asset_hash_assets_hash_fk" FOREIGN KEY ("asset_hash") REFERENCES "assets"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_module_locales" ADD CONSTRAINT "release_module_locales_version_hash_module_versions_hash_fk" FOREIGN KEY ("version_hash") REFERENCES "module_versions"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "release_module_locales_version_idx" ON "release_module_locales" USING btree ("version_hash");