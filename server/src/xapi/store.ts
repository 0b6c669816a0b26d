import { and, asc, type AnyColumn, desc, eq, gt, inArray, isNotNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { alias, unionAll } from 'drizzle-orm/pg-core';
import { rows, type Executor } from '../lib/db';
import { lrsCredentials, xapiAttachments, xapiStatements } from '../lib/db/schema';

export type StatementRow = typeof xapiStatements.$inferInsert;

export async function findByIds(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: xapiStatements.id, contentHash: xapiStatements.contentHash })
    .from(xapiStatements)
    .where(inArray(xapiStatements.id, ids));
}

/** Who made and who asserted these statements, for the rule on who may void them. */
export async function findOwners(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: xapiStatements.id, actor: xapiStatements.actor, authorityKey: xapiStatements.authorityKey })
    .from(xapiStatements)
    .where(inArray(xapiStatements.id, ids));
}

/**
 * Inserts the statements not stored yet and returns how many were new. The rows travel as one JSON
 * parameter, so the query text is the same for one statement or a thousand (PostgreSQL plans it
 * quickly, and its limit on parameters never applies), and rows go in in the order given.
 */
export async function insertNewStatements(db: Executor, list: StatementRow[]): Promise<number> {
  if (!list.length) return 0;
  const records = list.map((r) => ({
    id: r.id,
    statement: r.statement,
    content_hash: r.contentHash,
    actor: r.actor,
    verb_id: r.verbId,
    activity_id: r.activityId ?? null,
    object_agent: r.objectAgent ?? null,
    registration: r.registration ?? null,
    related_activities: r.relatedActivities,
    related_agents: r.relatedAgents,
    authority_key: r.authorityKey,
    stored: r.stored,
    ref_target: r.refTarget ?? null,
  }));
  const inserted = await rows<{ id: string }>(
    db,
    sql`insert into xapi_statements (id, statement, content_hash, actor, verb_id, activity_id, object_agent,
          registration, related_activities, related_agents, authority_key, stored, ref_target)
        select r.id, r.statement, r.content_hash, r.actor, r.verb_id, r.activity_id, r.object_agent, r.registration,
          array(select json_array_elements_text(r.related_activities)),
          array(select json_array_elements_text(r.related_agents)), r.authority_key, r.stored, r.ref_target
        from rows from (json_to_recordset(${JSON.stringify(records)}::json) as (id uuid, statement json,
          content_hash text, actor text, verb_id text, activity_id text, object_agent text, registration uuid,
          related_activities json, related_agents json, authority_key text, stored timestamptz, ref_target uuid))
          with ordinality as r(id, statement, content_hash, actor, verb_id, activity_id, object_agent, registration,
            related_activities, related_agents, authority_key, stored, ref_target, position)
        order by r.position
        on conflict do nothing
        returning id`,
  );
  return inserted.length;
}

/** Attachment bodies are content-addressed: a body stored before is not written again. */
export async function insertAttachments(db: Executor, rows: (typeof xapiAttachments.$inferInsert)[]): Promise<void> {
  for (const row of rows) await db.insert(xapiAttachments).values(row).onConflictDoNothing();
}

export async function findAttachments(db: Executor, sha2s: string[]) {
  if (!sha2s.length) return [];
  return db
    .select({ sha2: xapiAttachments.sha2, contentType: xapiAttachments.contentType, content: xapiAttachments.content })
    .from(xapiAttachments)
    .where(inArray(xapiAttachments.sha2, sha2s));
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

type StatementsTable = typeof xapiStatements;
/** The statement a StatementRef points to, in the query below. */
const tgt = alias(xapiStatements, 'tgt');

/**
 * The values of a query are bound when it runs, so its text depends only on which filters are set:
 * one query per combination, built once (building this query cost more than running it).
 */
const value = {
  agent: sql.placeholder('agent'),
  verb: sql.placeholder('verb'),
  activity: sql.placeholder('activity'),
  registration: sql.placeholder('registration'),
  since: sql.placeholder('since'),
  until: sql.placeholder('until'),
  after: sql.placeholder('after'),
  through: sql.placeholder('through'),
  authorityKey: sql.placeholder('authorityKey'),
  actor: sql.placeholder('actor'),
  /** Rows read: one more than a page, to tell whether there is more. */
  rows: sql.placeholder('rows'),
};

/** Whether a filter is set: the one test for both the query's shape and its conditions. */
const isSet = (v: unknown) => v !== undefined && v !== '';

/** The conditions on what a statement is about (agent, verb, activity, registration), on table `t`. */
function targetConditions(t: StatementsTable | typeof tgt, f: StatementFilter): SQL[] {
  const where: SQL[] = [];
  if (isSet(f.agent))
    where.push(
      f.relatedAgents
        ? sql`${t.relatedAgents} @> array[${value.agent}]::text[]`
        : sql`(${t.actor} = ${value.agent} or ${t.objectAgent} = ${value.agent})`,
    );
  if (isSet(f.verb)) where.push(eq(t.verbId, value.verb));
  if (isSet(f.activity))
    where.push(
      f.relatedActivities
        ? sql`${t.relatedActivities} @> array[${value.activity}]::text[]`
        : eq(t.activityId, value.activity),
    );
  if (isSet(f.registration)) where.push(eq(t.registration, value.registration));
  return where;
}

/** The conditions on the statement served itself: time, page position and who may read it. */
function pageConditions(t: StatementsTable, f: StatementFilter): SQL[] {
  const where: SQL[] = [eq(t.voided, false)];
  if (isSet(f.since)) where.push(gt(t.stored, value.since));
  if (isSet(f.until)) where.push(lte(t.stored, value.until));
  if (isSet(f.after)) where.push(f.ascending ? gt(t.seq, value.after) : lt(t.seq, value.after));
  if (isSet(f.through)) where.push(lte(t.seq, value.through));
  if (isSet(f.authorityKey)) where.push(eq(t.authorityKey, value.authorityKey));
  if (isSet(f.actor)) where.push(eq(t.actor, value.actor));
  return where;
}

/**
 * The query for one combination of filters. Statements whose object is a StatementRef also match when
 * the statement they point to, or one further down the chain (up to ten, `xapi_ref_chain` of
 * migration 0027), matches the agent, verb, activity and registration filters, voided or not
 * (Communication §2.1.3); time and page filters apply to the referring statement. Voided statements
 * themselves never match.
 */
function pageRows(db: Executor, f: StatementFilter) {
  const t = xapiStatements;
  const page = pageConditions(t, f);
  const target = targetConditions(t, f);
  const order = (seq: AnyColumn) => (f.ascending ? asc(seq) : desc(seq));
  if (!target.length)
    return db
      .select({ seq: t.seq, statement: t.statement })
      .from(t)
      .where(and(...page))
      .orderBy(order(t.seq))
      .limit(value.rows);

  // Each branch reads its page of whole rows; the outer query merges them, dropping a statement that
  // matches in two branches. (Collecting only seqs and fetching the rows again read every row twice.)
  const branch = (...where: (SQL | undefined)[]) =>
    db
      .select({ seq: t.seq, statement: t.statement })
      .from(t)
      .where(and(...page, ...where))
      .orderBy(order(t.seq))
      .limit(value.rows);
  // "Actor or object" as two index scans, rather than an OR that no single index serves.
  const others = targetConditions(t, { ...f, agent: undefined });
  const direct =
    isSet(f.agent) && !f.relatedAgents
      ? [branch(...others, eq(t.actor, value.agent)), branch(...others, eq(t.objectAgent, value.agent))]
      : [branch(...target)];
  const viaRef = branch(
    isNotNull(t.refTarget),
    sql`exists (select 1 from xapi_statements tgt where tgt.id = any(xapi_ref_chain(${t.refTarget}))
      and ${and(...targetConditions(tgt, f))})`,
  );
  const [first, second, ...rest] = [...direct, viaRef];
  const merged = unionAll(first, second, ...rest).as('merged');
  return db
    .selectDistinctOn([merged.seq], { seq: merged.seq, statement: merged.statement })
    .from(merged)
    .orderBy(order(merged.seq))
    .limit(value.rows);
}

/** Separates the page's statements in the text the query returns (chr(30)): JSON text never holds it raw. */
const RECORD_SEPARATOR = '\x1e';

/**
 * The page as one row: each statement's seq and stored JSON text, joined, with the highest seq read
 * in the same snapshot (the `through` of the page's more link). On the embedded database the engine
 * and the server share one thread, and its driver taking a hundred rows apart field by field (a copy
 * and a decode each) cost about a quarter of the query's time.
 */
function pageQuery(db: Executor, f: StatementFilter) {
  const rows = pageRows(db, f).as('page_rows');
  return db
    .select({
      page: sql<
        string | null
      >`string_agg(${rows.seq}::text || ' ' || ${rows.statement}::text, chr(30) order by ${rows.seq} ${sql.raw(f.ascending ? 'asc' : 'desc')})`,
      maxSeq: sql<string>`(select max(seq) from xapi_statements)`.mapWith(Number),
    })
    .from(rows);
}

type PageQuery = ReturnType<ReturnType<typeof pageQuery>['prepare']>;
const prepared = new WeakMap<Executor, Map<number, PageQuery>>();

/**
 * One page of statements, plus the `limit + 1`th to tell whether there is more, as stored JSON text
 * (most responses pass it on unparsed), and the highest seq stored when it was read.
 */
export async function queryStatements(db: Executor, f: StatementFilter) {
  const values = {
    agent: f.agent,
    verb: f.verb,
    activity: f.activity,
    registration: f.registration,
    since: f.since,
    until: f.until,
    after: f.after,
    through: f.through,
    authorityKey: f.authorityKey,
    actor: f.actor,
  };
  const shape = [...Object.values(values).map(isSet), f.relatedAgents, f.relatedActivities, f.ascending].reduce(
    (bits, on, i) => (on ? bits | (1 << i) : bits),
    0,
  );
  const forDb = prepared.get(db) ?? new Map<number, PageQuery>();
  prepared.set(db, forDb);
  let query = forDb.get(shape);
  if (!query) {
    query = pageQuery(db, f).prepare(`xapi_statements_page_${shape}`);
    forDb.set(shape, query);
  }
  const [{ page, maxSeq }] = await query.execute({ ...values, rows: f.limit + 1 });
  return {
    maxSeq,
    rows: (page ? page.split(RECORD_SEPARATOR) : []).map((row) => {
      const space = row.indexOf(' ');
      return { seq: Number(row.slice(0, space)), statement: row.slice(space + 1) };
    }),
  };
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
/** The definitions given to an Activity by the statements that have it as object, newest first (at most 200). */
export async function activityDefinitions(db: Executor, activityId: string): Promise<unknown[]> {
  const rows = await db
    .select({ definition: sql<unknown>`${xapiStatements.statement}->'object'->'definition'` })
    .from(xapiStatements)
    .where(
      and(
        eq(xapiStatements.activityId, activityId),
        sql`${xapiStatements.statement}->'object'->'definition' is not null`,
      ),
    )
    .orderBy(desc(xapiStatements.seq))
    .limit(200);
  return rows.map((r) => r.definition);
}
