import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { enrolments, moduleVisits, stepVisits, quizResults, reflections, releaseModules } from '../lib/db/schema';

export interface LearnerModuleKey {
  userId: string;
  courseId: string;
  releaseId: string;
  moduleId: string;
}

export async function releaseHasModule(db: Executor, courseId: string, releaseId: string, moduleId: string) {
  const rows = await db
    .select({ id: releaseModules.moduleId })
    .from(releaseModules)
    .where(
      and(
        eq(releaseModules.courseId, courseId),
        eq(releaseModules.releaseId, releaseId),
        eq(releaseModules.moduleId, moduleId),
      ),
    );
  return rows.length > 0;
}

/** A learner's module visits in one release, or in every course and release ("Download my data"). */
export async function visits(db: Executor, userId: string, release?: { courseId: string; releaseId: string }) {
  const where = [eq(moduleVisits.userId, userId)];
  if (release) where.push(eq(moduleVisits.courseId, release.courseId), eq(moduleVisits.releaseId, release.releaseId));
  return db
    .select()
    .from(moduleVisits)
    .where(and(...where));
}

export async function bestScores(db: Executor, userId: string, courseId: string, releaseId: string) {
  const rows = await db
    .select({ quizId: quizResults.quizId, best: quizResults.bestScore, attempts: quizResults.attempts })
    .from(quizResults)
    .where(
      and(eq(quizResults.userId, userId), eq(quizResults.courseId, courseId), eq(quizResults.releaseId, releaseId)),
    );
  return new Map(rows.map((r) => [r.quizId, r]));
}

/** Marks a module completed once; true only for the call that did it. */
export async function markModuleCompleted(db: Executor, key: LearnerModuleKey, at: Date): Promise<boolean> {
  const rows = await db
    .update(moduleVisits)
    .set({ completedAt: at })
    .where(
      and(
        eq(moduleVisits.userId, key.userId),
        eq(moduleVisits.courseId, key.courseId),
        eq(moduleVisits.releaseId, key.releaseId),
        eq(moduleVisits.moduleId, key.moduleId),
        isNull(moduleVisits.completedAt),
      ),
    )
    .returning({ at: moduleVisits.completedAt });
  return rows.length > 0;
}

/** Marks an enrolment's course completed once; true only for the call that did it. */
export async function markEnrolmentCompleted(db: Executor, enrolmentId: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(enrolments)
    .set({ completedAt: at })
    .where(and(eq(enrolments.id, enrolmentId), isNull(enrolments.completedAt)))
    .returning({ id: enrolments.id });
  return rows.length > 0;
}

/** Remembers where in a module the learner is, creating the progress row if it is the first sign of them. */
export async function savePlace(db: Executor, key: LearnerModuleKey, place: string, at: Date): Promise<void> {
  await db
    .insert(moduleVisits)
    .values({ ...key, firstAt: at, lastAt: at, place })
    .onConflictDoUpdate({
      target: [moduleVisits.userId, moduleVisits.courseId, moduleVisits.releaseId, moduleVisits.moduleId],
      set: { place, lastAt: sql`greatest(${moduleVisits.lastAt}, excluded.last_at)` },
    });
}

export async function saveReflection(
  db: Executor,
  row: { userId: string; courseId: string; moduleId: string; reflectionId: string; text: string },
): Promise<void> {
  await db
    .insert(reflections)
    .values(row)
    .onConflictDoUpdate({
      target: [reflections.userId, reflections.courseId, reflections.moduleId, reflections.reflectionId],
      set: { text: row.text, updatedAt: sql`now()` },
    });
}

export async function reflectionsOfModule(db: Executor, userId: string, courseId: string, moduleId: string) {
  return db
    .select({ id: reflections.reflectionId, text: reflections.text, updatedAt: reflections.updatedAt })
    .from(reflections)
    .where(and(eq(reflections.userId, userId), eq(reflections.courseId, courseId), eq(reflections.moduleId, moduleId)));
}

/** Every best quiz score of a person. */
export async function quizResultsOfLearner(db: Executor, userId: string) {
  return db.select().from(quizResults).where(eq(quizResults.userId, userId));
}

/** Every reflection a person wrote, in every course. */
export async function reflectionsOfLearner(db: Executor, userId: string) {
  return db
    .select({
      course: reflections.courseId,
      module: reflections.moduleId,
      reflection: reflections.reflectionId,
      text: reflections.text,
      updatedAt: reflections.updatedAt,
    })
    .from(reflections)
    .where(eq(reflections.userId, userId));
}

export async function deleteReflectionsOf(db: Executor, userId: string): Promise<void> {
  await db.delete(reflections).where(eq(reflections.userId, userId));
}

/** Steps read to the end, per module, for one learner and release. */
export async function stepsRead(db: Executor, userId: string, courseId: string, releaseId: string) {
  const rows = await db
    .select({ moduleId: stepVisits.moduleId, stepId: stepVisits.stepId, readAt: stepVisits.readAt })
    .from(stepVisits)
    .where(and(eq(stepVisits.userId, userId), eq(stepVisits.courseId, courseId), eq(stepVisits.releaseId, releaseId)));
  const out = new Map<string, string[]>();
  for (const r of rows) if (r.readAt) out.set(r.moduleId, [...(out.get(r.moduleId) ?? []), r.stepId]);
  return out;
}

/**
 * Recomputes the report summary rows (`enrolment_summaries`) of the given learners' enrolments (in one
 * course, or in all), or of every enrolment: dates, profile, completed modules of the release, quizzes
 * answered and their best scores, latest visit, the modules visited and completed. Rows are rebuilt
 * from their sources, never adjusted, so they cannot drift from them. The migration that made the
 * table backfilled it with the same query.
 */
export async function refreshSummaries(db: Executor, learners: { userIds: string[]; courseId?: string } | 'all') {
  if (learners !== 'all' && !learners.userIds.length) return;
  const only =
    learners === 'all'
      ? sql`true`
      : sql.join(
          [
            sql`e.user_id in (${sql.join(
              learners.userIds.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
            ...(learners.courseId ? [sql`e.course_id = ${learners.courseId}`] : []),
          ],
          sql` and `,
        );
  await db.execute(sql`
    insert into enrolment_summaries
    SELECT e.id, e.course_id, e.release_id, e.user_id, e.enrolled_at, e.completed_at,
      to_char(e.enrolled_at AT TIME ZONE 'UTC', 'YYYY-MM'), to_char(e.completed_at AT TIME ZONE 'UTC', 'YYYY-MM'),
      u.country, u.city, u.organisation, u.organisation_kind, u.gender, u.preferred_locale,
      coalesce(v.completed, 0), coalesce(q.answered, 0), coalesce(q.points, 0), v.last_at,
      coalesce(v.started_ids, '{}'), coalesce(v.completed_ids, '{}')
    FROM enrolments e
    JOIN users u ON u.id = e.user_id
    LEFT JOIN LATERAL (
      SELECT max(mv.last_at) AS last_at,
        count(*) FILTER (WHERE mv.completed_at IS NOT NULL AND EXISTS (
          SELECT 1 FROM release_modules rm WHERE rm.course_id = mv.course_id AND rm.release_id = mv.release_id
            AND rm.module_id = mv.module_id))::int AS completed,
        array_agg(mv.module_id ORDER BY mv.module_id) AS started_ids,
        array_agg(mv.module_id ORDER BY mv.module_id) FILTER (WHERE mv.completed_at IS NOT NULL) AS completed_ids
      FROM module_visits mv
      WHERE mv.user_id = e.user_id AND mv.course_id = e.course_id AND mv.release_id = e.release_id
    ) v ON true
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS answered, sum(qr.best_score_percent)::int AS points FROM quiz_results qr
      WHERE qr.user_id = e.user_id AND qr.course_id = e.course_id AND qr.release_id = e.release_id
    ) q ON true
    where ${only}
    on conflict (enrolment_id) do update set
      release_id = excluded.release_id, completed_at = excluded.completed_at,
      completed_month = excluded.completed_month, country = excluded.country, city = excluded.city,
      organisation = excluded.organisation, organisation_kind = excluded.organisation_kind,
      gender = excluded.gender, preferred_locale = excluded.preferred_locale,
      modules_completed = excluded.modules_completed, quizzes_answered = excluded.quizzes_answered,
      quiz_points = excluded.quiz_points, last_activity_at = excluded.last_activity_at,
      funnel_started = excluded.funnel_started, funnel_completed = excluded.funnel_completed`);
}
