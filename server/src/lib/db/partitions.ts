import { sql } from 'drizzle-orm';
import { rows, type Db, type Executor } from './index';

/** Months of partitions kept ready ahead of the current one. */
export const MONTHS_AHEAD = 12;

const month = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
const nextMonth = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
const partitionName = (d: Date) => `xapi_statements_${d.toISOString().slice(0, 7).replace('-', '_')}`;

export async function statementsPartitioned(db: Executor): Promise<boolean> {
  const [row] = await rows<{ partitioned: boolean }>(
    db,
    sql`select exists (select 1 from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
          where c.relname = 'xapi_statements' and c.relnamespace = current_schema()::regnamespace) as partitioned`,
  );
  return row.partitioned;
}

/**
 * Turns `xapi_statements` into a table partitioned by the month a statement was stored (STATEMENTS_PARTITIONED=month,
 * docs/operations.md), once; then, at every start, makes sure the months up to MONTHS_AHEAD ahead have their
 * partition. Old months can then be detached and archived whole, and queries over a period read only its months.
 *
 * A partitioned table's unique indexes must include the partition key, so the statement id's uniqueness
 * (xAPI: a statement id is stored once) moves to `xapi_statement_ids`, which a trigger fills: a statement
 * whose id is there already is skipped, as `on conflict do nothing` skips it on the plain table.
 */
export async function partitionStatementsByMonth(db: Db, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await statementsPartitioned(tx))) await convert(tx);
    for (let d = month(now), i = 0; i <= MONTHS_AHEAD; d = nextMonth(d), i++) await addMonth(tx, d);
  });
}

async function addMonth(tx: Executor, from: Date) {
  await tx.execute(
    sql.raw(`create table if not exists ${partitionName(from)} partition of xapi_statements
      for values from ('${from.toISOString()}') to ('${nextMonth(from).toISOString()}')`),
  );
}

const INDEXES = [
  ['actor_idx', '(actor, seq)'],
  ['object_agent_idx', '(object_agent, seq)'],
  ['verb_idx', '(verb_id, seq)'],
  ['activity_idx', '(activity_id, seq)'],
  ['registration_idx', '(registration, seq)'],
  ['authority_idx', '(authority_key, seq)'],
  ['related_activities_idx', 'using gin (related_activities)'],
  ['related_agents_idx', 'using gin (related_agents)'],
  ['ref_target_idx', '(seq) where ref_target is not null'],
] as const;

async function convert(tx: Executor) {
  const run = (text: string) => tx.execute(sql.raw(text));
  await run(`lock table xapi_statements in access exclusive mode`);
  await run(`alter table xapi_statements rename to xapi_statements_plain`);
  for (const constraint of ['pkey', 'seq_unique'])
    await run(
      `alter table xapi_statements_plain rename constraint xapi_statements_${constraint} to xapi_statements_plain_${constraint}`,
    );
  for (const [name] of INDEXES)
    await run(`alter index if exists xapi_statements_${name} rename to xapi_statements_plain_${name}`);
  await run(
    `create table xapi_statements (like xapi_statements_plain including defaults including constraints)
       partition by range (stored)`,
  );
  await run(`alter table xapi_statements add primary key (id, stored)`);
  await run(`alter table xapi_statements add constraint xapi_statements_seq_stored_unique unique (seq, stored)`);
  for (const [name, def] of INDEXES) {
    const [columns, where] = def.split(' where ');
    await run(`create index xapi_statements_${name} on xapi_statements ${columns}${where ? ` where ${where}` : ''}`);
  }
  await run(`create table xapi_statements_default partition of xapi_statements default`);
  await run(`create table if not exists xapi_statement_ids (id uuid primary key)`);
  await run(`
    create or replace function xapi_statements_once() returns trigger language plpgsql as $$
    begin
      insert into xapi_statement_ids (id) values (new.id) on conflict do nothing;
      if not found then return null; end if;
      return new;
    end $$`);
  await run(`create trigger xapi_statements_once before insert on xapi_statements
    for each row execute function xapi_statements_once()`);
  // Partitions for every month already stored, then the rows, their ids and the sequence.
  const months = await rows<{ m: string }>(
    tx,
    sql`select distinct date_trunc('month', stored at time zone 'UTC')::date::text as m from xapi_statements_plain`,
  );
  for (const { m } of months) await addMonth(tx, new Date(`${m}T00:00:00Z`));
  await run(`insert into xapi_statements select * from xapi_statements_plain`);
  await run(`alter sequence xapi_statements_seq_seq owned by xapi_statements.seq`);
  await run(`drop table xapi_statements_plain`);
}
