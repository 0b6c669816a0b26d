-- Comments and replies of a discussion by time: "N new comments since you looked" without scanning the discussion.
CREATE INDEX "discussion_comments_recent_idx" ON "discussion_comments" USING btree ("discussion_id","created_at");
