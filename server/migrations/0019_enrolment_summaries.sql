CREATE TABLE "enrolment_summaries" (
	"enrolment_id" uuid PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"release_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"enrolled_month" text NOT NULL,
	"completed_month" text,
	"country" text,
	"city" text,
	"organisation" text,
	"organisation_kind" text,
	"gender" text,
	"preferred_locale" text,
	"modules_completed" integer NOT NULL,
	"quizzes_answered" integer NOT NULL,
	"quiz_points" integer NOT NULL,
	"last_activity_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "enrolment_summaries" ADD CONSTRAINT "enrolment_summaries_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrolment_summaries_course_activity_idx" ON "enrolment_summaries" USING btree ("course_id","last_activity_at");--> statement-breakpoint
CREATE INDEX "enrolment_summaries_user_idx" ON "enrolment_summaries" USING btree ("user_id");--> statement-breakpoint
-- Backfill: the query learning/store.ts refreshSummaries runs, for every enrolment.
INSERT INTO "enrolment_summaries"
SELECT e.id, e.course_id, e.release_id, e.user_id, e.enrolled_at, e.completed_at,
  to_char(e.enrolled_at AT TIME ZONE 'UTC', 'YYYY-MM'), to_char(e.completed_at AT TIME ZONE 'UTC', 'YYYY-MM'),
  u.country, u.city, u.organisation, u.organisation_kind, u.gender, u.preferred_locale,
  coalesce(v.completed, 0), coalesce(q.answered, 0), coalesce(q.points, 0), v.last_at
FROM enrolments e
JOIN users u ON u.id = e.user_id
LEFT JOIN LATERAL (
  SELECT max(mv.last_at) AS last_at,
    count(*) FILTER (WHERE mv.completed_at IS NOT NULL AND EXISTS (
      SELECT 1 FROM release_modules rm WHERE rm.course_id = mv.course_id AND rm.release_id = mv.release_id
        AND rm.module_id = mv.module_id))::int AS completed
  FROM module_visits mv
  WHERE mv.user_id = e.user_id AND mv.course_id = e.course_id AND mv.release_id = e.release_id
) v ON true
LEFT JOIN LATERAL (
  SELECT count(*)::int AS answered, sum(qr.best_score_percent)::int AS points FROM quiz_results qr
  WHERE qr.user_id = e.user_id AND qr.course_id = e.course_id AND qr.release_id = e.release_id
) q ON true
;
