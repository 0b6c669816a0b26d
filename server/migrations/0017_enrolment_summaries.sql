CREATE TABLE "enrolment_summaries" (
	"enrolment_id" uuid PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"modules_completed" integer NOT NULL,
	"quizzes_answered" integer NOT NULL,
	"quiz_points" integer NOT NULL,
	"last_activity_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "enrolment_summaries" ADD CONSTRAINT "enrolment_summaries_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrolment_summaries_course_activity_idx" ON "enrolment_summaries" USING btree ("course_id","last_activity_at");--> statement-breakpoint
-- Backfill: the same figures learning/store.ts refreshSummaries computes, for every enrolment with progress.
INSERT INTO "enrolment_summaries"
SELECT e.id, e.course_id, e.release_id,
  coalesce(v.completed, 0), coalesce(q.answered, 0), coalesce(q.points, 0), v.last_at
FROM enrolments e
LEFT JOIN (
  SELECT mv.user_id, mv.course_id, mv.release_id, max(mv.last_at) AS last_at,
    count(*) FILTER (WHERE mv.completed_at IS NOT NULL AND EXISTS (
      SELECT 1 FROM release_modules rm WHERE rm.course_id = mv.course_id AND rm.release_id = mv.release_id
        AND rm.module_id = mv.module_id))::int AS completed
  FROM module_visits mv GROUP BY mv.user_id, mv.course_id, mv.release_id
) v ON v.user_id = e.user_id AND v.course_id = e.course_id AND v.release_id = e.release_id
LEFT JOIN (
  SELECT user_id, course_id, release_id, count(*)::int AS answered, sum(best_score_percent)::int AS points
  FROM quiz_results GROUP BY user_id, course_id, release_id
) q ON q.user_id = e.user_id AND q.course_id = e.course_id AND q.release_id = e.release_id
WHERE v.user_id IS NOT NULL OR q.user_id IS NOT NULL;
