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

export async function visits(db: Executor, userId: string, courseId: string, releaseId: string) {
  return db
    .select()
    .from(moduleVisits)
    .where(
      and(eq(moduleVisits.userId, userId), eq(moduleVisits.courseId, courseId), eq(moduleVisits.releaseId, releaseId)),
    );
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
