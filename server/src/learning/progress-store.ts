import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { moduleVisits, quizResults, stepVisits } from '../lib/db/schema';

type VisitRow = typeof moduleVisits.$inferInsert;

/** Rows for the same learner and module in one call are merged first: one insert may not touch a row twice. */
function mergeVisits(rows: VisitRow[]): VisitRow[] {
  const byKey = new Map<string, VisitRow>();
  for (const row of rows) {
    const key = [row.userId, row.courseId, row.releaseId, row.moduleId].join('\0');
    const seen = byKey.get(key);
    byKey.set(
      key,
      !seen
        ? { ...row }
        : {
            ...seen,
            firstAt: row.firstAt < seen.firstAt ? row.firstAt : seen.firstAt,
            lastAt: row.lastAt > seen.lastAt ? row.lastAt : seen.lastAt,
            progress: Math.max(seen.progress ?? 0, row.progress ?? 0),
            readAt: seen.readAt ?? row.readAt ?? null,
          },
    );
  }
  return [...byKey.values()];
}

/**
 * The progress row of a learner's module: first opened, last seen, share read and the moment it was
 * read to the end only ever move forward, whether they come from statements or a guest's browser.
 * Completion is decided by the learning rules (learning/completion.ts), never by a client.
 */
export async function upsertVisits(db: Executor, rows: VisitRow[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(moduleVisits)
    .values(mergeVisits(rows))
    .onConflictDoUpdate({
      target: [moduleVisits.userId, moduleVisits.courseId, moduleVisits.releaseId, moduleVisits.moduleId],
      set: {
        firstAt: sql`least(${moduleVisits.firstAt}, excluded.first_at)`,
        lastAt: sql`greatest(${moduleVisits.lastAt}, excluded.last_at)`,
        progress: sql`greatest(${moduleVisits.progress}, excluded.progress)`,
        readAt: sql`coalesce(${moduleVisits.readAt}, excluded.read_at)`,
      },
    });
}

export async function upsertQuizResults(db: Executor, rows: (typeof quizResults.$inferInsert)[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(quizResults)
    .values(rows)
    .onConflictDoUpdate({
      target: [quizResults.userId, quizResults.courseId, quizResults.releaseId, quizResults.quizId],
      set: {
        bestScore: sql`greatest(${quizResults.bestScore}, excluded.best_score_percent)`,
        attempts: sql`${quizResults.attempts} + 1`,
        lastAt: sql`greatest(${quizResults.lastAt}, excluded.last_at)`,
      },
    });
}

export type StepVisitRow = typeof stepVisits.$inferInsert;

/** One row per learner, release, module and step; merges what is known (earliest first, latest last). */
export async function upsertStepVisits(db: Executor, rows: StepVisitRow[]): Promise<void> {
  if (!rows.length) return;
  const merged = new Map<string, StepVisitRow>();
  for (const r of rows) {
    const key = [r.userId, r.courseId, r.releaseId, r.moduleId, r.stepId].join('\0');
    const m = merged.get(key);
    if (!m) merged.set(key, { ...r });
    else {
      if (r.firstAt < m.firstAt) m.firstAt = r.firstAt;
      if (r.lastAt > m.lastAt) m.lastAt = r.lastAt;
      if (r.readAt && (!m.readAt || r.readAt < m.readAt)) m.readAt = r.readAt;
    }
  }
  await db
    .insert(stepVisits)
    .values([...merged.values()])
    .onConflictDoUpdate({
      target: [stepVisits.userId, stepVisits.courseId, stepVisits.releaseId, stepVisits.moduleId, stepVisits.stepId],
      set: {
        firstAt: sql`least(${stepVisits.firstAt}, excluded.first_at)`,
        lastAt: sql`greatest(${stepVisits.lastAt}, excluded.last_at)`,
        readAt: sql`coalesce(${stepVisits.readAt}, excluded.read_at)`,
      },
    });
}

/** The modules of one release a learner has progress in, and whether each was completed. */
export async function visitsOfRelease(db: Executor, userId: string, courseId: string, releaseId: string) {
  return db
    .select({ moduleId: moduleVisits.moduleId, completedAt: moduleVisits.completedAt })
    .from(moduleVisits)
    .where(
      and(eq(moduleVisits.userId, userId), eq(moduleVisits.courseId, courseId), eq(moduleVisits.releaseId, releaseId)),
    );
}

/** What a release switch moves (its plan, see switch.ts). */
export interface CarriedProgress {
  userId: string;
  courseId: string;
  from: string;
  to: string;
  carried: string[];
  updated: string[];
  newKnowledgeCheck: string[];
}

/**
 * Moves the progress of a switch's carried modules to the target release, merged with what the learner
 * already has there; quiz results move too, except those of a knowledge check that changed.
 */
export async function moveProgress(tx: Executor, plan: CarriedProgress): Promise<void> {
  if (!plan.carried.length) return;
  const learner = and(eq(moduleVisits.userId, plan.userId), eq(moduleVisits.courseId, plan.courseId));
  const rows = await tx
    .select()
    .from(moduleVisits)
    .where(and(learner, eq(moduleVisits.releaseId, plan.from), inArray(moduleVisits.moduleId, plan.carried)));
  // Rows the learner may already have in the target release (they read it before switching) are merged.
  const existing = new Map(
    (
      await tx
        .select()
        .from(moduleVisits)
        .where(and(learner, eq(moduleVisits.releaseId, plan.to), inArray(moduleVisits.moduleId, plan.carried)))
    ).map((r) => [r.moduleId, r]),
  );
  const min = (a: Date | null, b: Date | null | undefined) => (a && b ? (a < b ? a : b) : (a ?? b ?? null));
  const max = (a: Date, b: Date | undefined) => (b && b > a ? b : a);
  await tx
    .delete(moduleVisits)
    .where(
      and(learner, inArray(moduleVisits.releaseId, [plan.from, plan.to]), inArray(moduleVisits.moduleId, plan.carried)),
    );
  await tx.insert(moduleVisits).values(
    rows.map((r) => {
      const there = existing.get(r.moduleId);
      return {
        ...r,
        releaseId: plan.to,
        firstAt: min(r.firstAt, there?.firstAt)!,
        lastAt: max(r.lastAt, there?.lastAt),
        progress: Math.max(r.progress, there?.progress ?? 0),
        place: there && there.lastAt > r.lastAt ? there.place : r.place,
        readAt: min(r.readAt, there?.readAt),
        // A new knowledge check reopens the module: `changedSinceCompleted` without `completedAt` says so.
        completedAt: plan.newKnowledgeCheck.includes(r.moduleId) ? null : min(r.completedAt, there?.completedAt),
        changedSinceCompleted: plan.updated.includes(r.moduleId) || plan.newKnowledgeCheck.includes(r.moduleId),
      };
    }),
  );
  await moveQuizResults(tx, plan);
}

async function moveQuizResults(tx: Executor, plan: CarriedProgress): Promise<void> {
  const learner = and(eq(quizResults.userId, plan.userId), eq(quizResults.courseId, plan.courseId));
  // Results of a knowledge check that changed stay with the release they were earned in.
  const moving = plan.carried.filter((m) => !plan.newKnowledgeCheck.includes(m));
  if (!moving.length) return;
  const rows = await tx
    .select()
    .from(quizResults)
    .where(and(learner, eq(quizResults.releaseId, plan.from), inArray(quizResults.moduleId, moving)));
  if (!rows.length) return;
  await tx
    .delete(quizResults)
    .where(and(learner, eq(quizResults.releaseId, plan.from), inArray(quizResults.moduleId, moving)));
  for (const r of rows)
    await tx
      .insert(quizResults)
      .values({ ...r, releaseId: plan.to })
      .onConflictDoUpdate({
        target: [quizResults.userId, quizResults.courseId, quizResults.releaseId, quizResults.quizId],
        set: {
          bestScore: sql`greatest(${quizResults.bestScore}, excluded.best_score_percent)`,
          attempts: sql`${quizResults.attempts} + excluded.attempts`,
          lastAt: sql`greatest(${quizResults.lastAt}, excluded.last_at)`,
        },
      });
}
