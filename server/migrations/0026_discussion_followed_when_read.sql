ALTER TABLE "discussion_follows" ADD COLUMN "read_through" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "discussion_follows" ADD COLUMN "mailed_through" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "discussion_follows_user_idx" ON "discussion_follows" USING btree ("user_id");--> statement-breakpoint
-- Followers are no longer told with a row per comment: how far each follower had read and been mailed
-- carries over, and the rows go.
UPDATE "discussion_follows" f SET
  "read_through" = (SELECT max(n."created_at") FROM "discussion_notifications" n WHERE n."user_id" = f."user_id"
    AND n."discussion_id" = f."discussion_id" AND n."kind" = 'followed' AND n."read_at" IS NOT NULL),
  "mailed_through" = (SELECT max(n."created_at") FROM "discussion_notifications" n WHERE n."user_id" = f."user_id"
    AND n."discussion_id" = f."discussion_id" AND n."kind" = 'followed' AND n."mailed_at" IS NOT NULL);--> statement-breakpoint
DELETE FROM "discussion_notifications" WHERE "kind" = 'followed';
