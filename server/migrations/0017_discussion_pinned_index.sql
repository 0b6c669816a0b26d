CREATE INDEX "discussion_comments_pinned_idx" ON "discussion_comments" USING btree ("discussion_id","pinned_at") WHERE pinned_at is not null;
