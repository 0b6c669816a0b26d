ALTER TABLE "enrolment_summaries" ADD COLUMN "funnel_started" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "enrolment_summaries" ADD COLUMN "funnel_completed" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Backfill: the funnel columns as learning/store.ts refreshSummaries computes them.
UPDATE "enrolment_summaries" s SET "funnel_started" = v.started, "funnel_completed" = v.completed
FROM (
  SELECT mv.user_id, mv.course_id, mv.release_id, array_agg(mv.module_id ORDER BY mv.module_id) AS started,
    coalesce(array_agg(mv.module_id ORDER BY mv.module_id) FILTER (WHERE mv.completed_at IS NOT NULL), '{}') AS completed
  FROM module_visits mv
  GROUP BY mv.user_id, mv.course_id, mv.release_id
) v
WHERE v.user_id = s.user_id AND v.course_id = s.course_id AND v.release_id = s.release_id;
