import { and, asc, desc, eq, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import type { Executor } from '../lib/db';
import { lrsCredentials, xapiStatements } from '../lib/db/schema';

export type StatementRow = typeof xapiStatements.$inferInsert;

export async function findByIds(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: xapiStatements.id, contentHash: xapiStatements.contentHash })
    .from(xapiStatements)
    .where(inArray(xapiStatements.id, ids));
}

export async function insertStatements(db: Executor, rows: StatementRow[]): Promise<void> {
  if (rows.length) await db.insert(xapiStatements).values(rows);
}

/** A voiding statement voids its target, unless the target is itself a voiding statement. */
export async function markVoided(db: Executor, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await db
    .update(xapiStatements)
    .set({ voided: true })
    .where(
      and(inArray(xapiStatements.id, ids), sql`${xapiStatements.verbId} <> 'http://adlnet.gov/expapi/verbs/voided'`),
    );
}

export async function findStatement(db: Executor, id: string) {
  return (await db.select().from(xapiStatements).where(eq(xapiStatements.id, id)))[0];
}

export interface StatementFilter {
  agent?: string;
  relatedAgents: boolean;
  verb?: string;
  activity?: string;
  relatedActivities: boolean;
  registration?: string;
  since?: Date;
  until?: Date;
  ascending: boolean;
  limit: number;
  /** Continue after this seq (the `more` cursor). */
  after?: number;
  /** Never show statements stored after the first page was read, so pages stay stable. */
  through?: number;
  /** Restrict to one authority (statements/read/mine) or to one actor (a learner's own). */
  authorityKey?: string;
  actor?: string;
}

export async function queryStatements(db: Executor, f: StatementFilter) {
  const t = xapiStatements;
  const where: SQL[] = [eq(t.voided, false)];
  if (f.agent && f.relatedAgents) where.push(sql`${t.relatedAgents} @> array[${f.agent}]::text[]`);
  if (f.verb) where.push(eq(t.verbId, f.verb));
  if (f.activity)
    where.push(
      f.relatedActivities ? sql`${t.relatedActivities} @> array[${f.activity}]::text[]` : eq(t.activityId, f.activity),
    );
  if (f.registration) where.push(eq(t.registration, f.registration));
  if (f.since) where.push(gt(t.stored, f.since));
  if (f.until) where.push(lte(t.stored, f.until));
  if (f.after !== undefined) where.push(f.ascending ? gt(t.seq, f.after) : lt(t.seq, f.after));
  if (f.through !== undefined) where.push(lte(t.seq, f.through));
  if (f.authorityKey) where.push(eq(t.authorityKey, f.authorityKey));
  if (f.actor) where.push(eq(t.actor, f.actor));
  const order = f.ascending ? asc(t.seq) : desc(t.seq);
  if (f.agent && !f.relatedAgents) {
    // "Actor or object" as two index scans joined, rather than an OR that no single index serves.
    const side = (column: typeof t.actor | typeof t.objectAgent) =>
      db
        .select({ seq: t.seq })
        .from(t)
        .where(and(...where, eq(column, f.agent!)))
        .orderBy(order)
        .limit(f.limit + 1);
    where.push(inArray(t.seq, unionAll(side(t.actor), side(t.objectAgent))));
  }
  return db
    .select({ seq: t.seq, statement: t.statement })
    .from(t)
    .where(and(...where))
    .orderBy(order)
    .limit(f.limit + 1);
}

export async function maxSeq(db: Executor): Promise<number> {
  const rows = await db.select({ max: sql<string | null>`max(${xapiStatements.seq})` }).from(xapiStatements);
  return Number(rows[0].max ?? 0);
}

export async function findCredential(db: Executor, key: string) {
  return (await db.select().from(lrsCredentials).where(eq(lrsCredentials.key, key)))[0];
}

export async function insertCredential(db: Executor, row: typeof lrsCredentials.$inferInsert) {
  await db.insert(lrsCredentials).values(row);
}

export async function listCredentials(db: Executor) {
  return db
    .select({
      key: lrsCredentials.key,
      label: lrsCredentials.label,
      scopes: lrsCredentials.scopes,
      createdAt: lrsCredentials.createdAt,
      revokedAt: lrsCredentials.revokedAt,
    })
    .from(lrsCredentials)
    .orderBy(asc(lrsCredentials.createdAt));
}

export async function revokeCredential(db: Executor, key: string): Promise<boolean> {
  const rows = await db
    .update(lrsCredentials)
    .set({ revokedAt: new Date() })
    .where(eq(lrsCredentials.key, key))
    .returning();
  return rows.length > 0;
}

/** The activity as last defined by a stored statement, for the Activities resource. */
export async function latestActivity(db: Executor, activityId: string) {
  const rows = await db
    .select({ object: sql<Record<string, unknown>>`${xapiStatements.statement}->'object'` })
    .from(xapiStatements)
    .where(and(eq(xapiStatements.activityId, activityId), sql`${xapiStatements.statement}->'object' ? 'definition'`))
    .orderBy(desc(xapiStatements.seq))
    .limit(1);
  return rows[0] ? { objectType: 'Activity', ...rows[0].object } : undefined;
}
