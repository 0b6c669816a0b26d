import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { xapiOutbox, xapiStatements } from '../lib/db/schema';

export async function enqueue(db: Executor, statementIds: string[]): Promise<void> {
  if (statementIds.length)
    await db
      .insert(xapiOutbox)
      .values(statementIds.map((statementId) => ({ statementId })))
      .onConflictDoNothing();
}

/** Due deliveries, oldest first, with the statements as stored. */
export async function due(db: Executor, limit: number) {
  return db
    .select({ statementId: xapiOutbox.statementId, attempts: xapiOutbox.attempts, statement: xapiStatements.statement })
    .from(xapiOutbox)
    .innerJoin(xapiStatements, eq(xapiStatements.id, xapiOutbox.statementId))
    .where(and(eq(xapiOutbox.dead, false), lte(xapiOutbox.nextAttemptAt, sql`now()`)))
    .orderBy(asc(xapiOutbox.createdAt))
    .limit(limit);
}

export async function delivered(db: Executor, ids: string[]): Promise<void> {
  if (ids.length) await db.delete(xapiOutbox).where(inArray(xapiOutbox.statementId, ids));
}

/** Times are the database's clock, so the server and the database never disagree about what is due. */
export async function retryLater(
  db: Executor,
  id: string,
  attempts: number,
  error: string,
  delayMs: number,
): Promise<void> {
  await db
    .update(xapiOutbox)
    .set({ attempts, lastError: error, nextAttemptAt: sql`now() + ${delayMs} * interval '1 millisecond'` })
    .where(eq(xapiOutbox.statementId, id));
}

export async function deadLetter(db: Executor, id: string, attempts: number, error: string): Promise<void> {
  await db.update(xapiOutbox).set({ attempts, lastError: error, dead: true }).where(eq(xapiOutbox.statementId, id));
}

export async function summary(db: Executor) {
  const [backlog] = await db.select({ n: count() }).from(xapiOutbox).where(eq(xapiOutbox.dead, false));
  const dead = await db
    .select({
      statementId: xapiOutbox.statementId,
      attempts: xapiOutbox.attempts,
      error: xapiOutbox.lastError,
      since: xapiOutbox.createdAt,
    })
    .from(xapiOutbox)
    .where(eq(xapiOutbox.dead, true))
    .orderBy(asc(xapiOutbox.createdAt))
    .limit(200);
  return { backlog: backlog.n, dead };
}

export async function revive(db: Executor, ids?: string[]): Promise<number> {
  const rows = await db
    .update(xapiOutbox)
    .set({ dead: false, nextAttemptAt: sql`now()`, attempts: 0 })
    .where(and(eq(xapiOutbox.dead, true), ...(ids?.length ? [inArray(xapiOutbox.statementId, ids)] : [])))
    .returning({ id: xapiOutbox.statementId });
  return rows.length;
}
