import { sql } from 'drizzle-orm';
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
