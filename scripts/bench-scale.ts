import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../server/src/lib/db';
import {
  certificates,
  enrolmentSummaries,
  enrolments,
  moduleVisits,
  quizResults,
  users,
} from '../server/src/lib/db/schema';
import { seedDemo, type DemoOptions } from './demo-data';

/** Learners seeded one by one (with their statements); beyond them, copies made in the database. */
export const SEEDED = 10_000;

/** The id of copy `g` of a row: the same for every table, so references between copies hold. */
const copyOf = (column: string) => sql.raw(`md5(t.${column}::text || ':' || g)::uuid`);

/**
 * `insert into <table> select ... from <table> t, generate_series(1, copies) g`, each column copied as
 * it is unless `changed` gives its value in copy `g`; only rows that `only` keeps (over `t`).
 */
async function copyRows(db: Db, table: PgTable, copies: number, changed: Record<string, SQL>, only: SQL) {
  const names = Object.values(getTableColumns(table)).map((c) => c.name);
  const list = sql.join(
    names.map((n) => changed[n] ?? sql.raw(`t.${n}`)),
    sql`, `,
  );
  const columns = sql.raw(names.join(', '));
  await db.execute(
    sql`insert into ${sql.raw(getTableName(table))} (${columns})
        select ${list} from ${sql.raw(getTableName(table))} t, generate_series(1, ${copies}::int) g where ${only}`,
  );
}

/**
 * A population of `learners` for the reports bench: up to SEEDED learners written by the demo seeder
 * (profiles, progress, quiz results, certificates and statements), and the rest as copies of the first
 * SEEDED of them made with `generate_series` in the database: a million learners take minutes rather
 * than hours. Copies share their originals' dates and progress (not their statements: the reports do
 * not read them), under new ids and e-mail addresses.
 */
export async function seedLearners(db: Db, o: DemoOptions): Promise<{ statements: number }> {
  const copies = o.learners > 2 * SEEDED ? Math.floor(o.learners / SEEDED) - 1 : 0;
  const seeded = await seedDemo(db, { ...o, learners: o.learners - copies * SEEDED });
  if (!copies) return seeded;
  await db.execute(sql`drop table if exists bench_originals`);
  await db.execute(
    sql`create table bench_originals as select id, user_id from enrolments
        where course_id = ${o.course} order by id limit ${SEEDED}`,
  );
  const original = (column: string, key: 'id' | 'user_id') =>
    sql.raw(`t.${column} in (select ${key} from bench_originals)`);
  await copyRows(
    db,
    users,
    copies,
    { id: copyOf('id'), email: sql.raw(`g || '.' || t.email`) },
    original('id', 'user_id'),
  );
  await copyRows(db, enrolments, copies, { id: copyOf('id'), user_id: copyOf('user_id') }, original('id', 'id'));
  const progress = sql`t.course_id = ${o.course} and ${original('user_id', 'user_id')}`;
  await copyRows(db, moduleVisits, copies, { user_id: copyOf('user_id') }, progress);
  await copyRows(db, quizResults, copies, { user_id: copyOf('user_id') }, progress);
  await copyRows(
    db,
    enrolmentSummaries,
    copies,
    { enrolment_id: copyOf('enrolment_id'), user_id: copyOf('user_id') },
    original('enrolment_id', 'id'),
  );
  await copyRows(
    db,
    certificates,
    copies,
    { code: sql.raw(`t.code || '-' || g`), enrolment_id: copyOf('enrolment_id') },
    original('enrolment_id', 'id'),
  );
  await db.execute(sql`drop table bench_originals`);
  return seeded;
}
