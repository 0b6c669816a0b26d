import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Executor } from '../lib/db';
import { xapiOutbox } from '../lib/db/schema';

export async function enqueue(db: Executor, statementIds: string[]): Promise<void> {
  if (statementIds.length)
    await db
      .insert(xapiOutbox)
      .values(statementIds.map((statementId) => ({ statementId })))
      .onConflictDoNothing();
}

export interface DueRow {
  statementId: string;
  attempts: number;
  statement: Record<string, unknown>;
}

/**
 * Leases due deliveries, oldest first, with the statements as stored: their next attempt moves
 * `leaseMs` ahead, so no other replica takes them meanwhile. Rows another replica is leasing at this
 * very moment are skipped, not waited for (`FOR UPDATE SKIP LOCKED`). A replica that dies holding a
 * lease leaves its rows due again when the lease ends.
 */
export async function lease(db: Executor, limit: number, leaseMs: number): Promise<DueRow[]> {
  return rows<DueRow>(
    db,
    sql`with leased as (
          update xapi_outbox set next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
          where statement_id in (
            select statement_id from xapi_outbox
            where not dead and next_attempt_at <= now()
            order by created_at limit ${limit}
            for update skip locked)
          returning statement_id, attempts, created_at)
        select l.statement_id as "statementId", l.attempts, s.statement
        from leased l join xapi_statements s on s.id = l.statement_id
        order by l.created_at`,
  );
}

/** Extends this replica's lease on rows before another request for them starts. */
export async function renew(db: Executor, ids: string[], leaseMs: number): Promise<void> {
  if (ids.length)
    await db
      .update(xapiOutbox)
      .set({ nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'` })
      .where(and(inArray(xapiOutbox.statementId, ids), eq(xapiOutbox.dead, false)));
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
