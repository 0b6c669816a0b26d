CREATE TABLE "discussions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"module_id" text NOT NULL,
	"step_id" text DEFAULT 'all' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "discussions_place_idx" ON "discussions" USING btree ("course_id","module_id","step_id");
--> statement-breakpoint
CREATE TABLE "discussion_comments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"discussion_id" uuid NOT NULL REFERENCES "discussions"("id") ON DELETE cascade,
	"parent_id" uuid REFERENCES "discussion_comments"("id") ON DELETE cascade,
	"author_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"language" text NOT NULL,
	"body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"hidden_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"pinned_at" timestamp with time zone,
	"helpful_at" timestamp with time zone,
	"like_count" integer DEFAULT 0 NOT NULL,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"report_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "discussion_comments_page_idx" ON "discussion_comments" USING btree ("discussion_id","created_at","id") WHERE "parent_id" IS NULL;
--> statement-breakpoint
CREATE INDEX "discussion_comments_liked_idx" ON "discussion_comments" USING btree ("discussion_id","like_count","created_at","id") WHERE "parent_id" IS NULL;
--> statement-breakpoint
CREATE INDEX "discussion_comments_replies_idx" ON "discussion_comments" USING btree ("parent_id","created_at");
--> statement-breakpoint
CREATE INDEX "discussion_comments_author_idx" ON "discussion_comments" USING btree ("author_id","created_at");
--> statement-breakpoint
CREATE INDEX "discussion_comments_language_idx" ON "discussion_comments" USING btree ("discussion_id","language");
--> statement-breakpoint
CREATE INDEX "discussion_comments_queue_idx" ON "discussion_comments" USING btree ("created_at") WHERE "report_count" > 0 OR "hidden_at" IS NOT NULL;
--> statement-breakpoint
CREATE TABLE "discussion_likes" (
	"comment_id" uuid NOT NULL REFERENCES "discussion_comments"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discussion_likes_pk" PRIMARY KEY("comment_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "discussion_follows" (
	"discussion_id" uuid NOT NULL REFERENCES "discussions"("id") ON DELETE cascade,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discussion_follows_pk" PRIMARY KEY("discussion_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "discussion_reports" (
	"comment_id" uuid NOT NULL REFERENCES "discussion_comments"("id") ON DELETE cascade,
	"reporter_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"reason" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "discussion_reports_pk" PRIMARY KEY("comment_id","reporter_id")
);
--> statement-breakpoint
CREATE TABLE "discussion_mutes" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"muted_by" uuid REFERENCES "users"("id") ON DELETE set null,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discussion_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid REFERENCES "users"("id") ON DELETE set null,
	"action" text NOT NULL,
	"comment_id" uuid,
	"target_user_id" uuid,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "discussion_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"kind" text NOT NULL,
	"discussion_id" uuid NOT NULL REFERENCES "discussions"("id") ON DELETE cascade,
	"comment_id" uuid REFERENCES "discussion_comments"("id") ON DELETE cascade,
	"actor_id" uuid,
	"detail" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"mailed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "discussion_notifications_user_idx" ON "discussion_notifications" USING btree ("user_id","id");
--> statement-breakpoint
CREATE TABLE "discussion_digests" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"frequency" text DEFAULT 'off' NOT NULL,
	"unsubscribe_token" text NOT NULL,
	"last_sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "discussion_digests_token_idx" ON "discussion_digests" USING btree ("unsubscribe_token");
