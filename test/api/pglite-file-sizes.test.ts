import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openPgliteClient } from '../../server/src/lib/db/pglite';

/**
 * The embedded database over a folder keeps each file's size after the first seek to its end
 * (lib/db/pglite-file-sizes.ts). PostgreSQL reads a relation's length that way before it scans,
 * extends or plans, so a size that lagged behind a write or a truncation would hide rows or
 * overwrite them. ANALYZE records that length (relpages), which must match the file on disk.
 */
let dir: string;
let client: PGlite;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-file-sizes-'));
  client = await openPgliteClient(dir);
});
afterAll(async () => {
  await client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const TABLES = ['notes', 'notes_pkey', 'notes_tag'];

/** Each relation's length in pages as the engine sees it (from the cached size) and as the file system has it. */
async function lengths(db: PGlite) {
  await db.exec('analyze notes');
  const { rows } = await db.query<{ relname: string; relpages: number; file: string }>(
    `select relname, relpages, pg_relation_filepath(oid) as file from pg_class where relname = any($1) order by relname`,
    [TABLES],
  );
  return rows.map((r) => ({
    relation: r.relname,
    engine: r.relpages,
    disk: fs.statSync(path.join(dir, r.file)).size / 8192,
  }));
}

async function count(db: PGlite, via: 'sequential scan' | 'index') {
  await db.exec(`set enable_seqscan = ${via === 'sequential scan'}; set enable_indexscan = ${via === 'index'};
    set enable_bitmapscan = off; set enable_indexonlyscan = ${via === 'index'}`);
  const where = via === 'index' ? 'where id > 0' : '';
  const n = (await db.query<{ n: number }>(`select count(*)::int as n from notes ${where}`)).rows[0].n;
  await db.exec('reset all');
  return n;
}

async function insert(db: PGlite, from: number, to: number) {
  for (let start = from; start < to; start += 500)
    await db.query(
      `insert into notes (id, tag, body) select i, 'tag ' || (i % 37), repeat('x', 200) from generate_series($1::int, $2::int) i`,
      [start, Math.min(to, start + 500) - 1],
    );
}

async function expectConsistent(db: PGlite, rows: number) {
  for (const { engine, disk, relation } of await lengths(db))
    expect({ relation, engine }).toEqual({ relation, engine: disk });
  expect(await count(db, 'sequential scan')).toBe(rows);
  expect(await count(db, 'index')).toBe(rows);
}

it('sees every page a write adds, and every page a truncation takes away', async () => {
  await client.exec(`create table notes (id int primary key, tag text not null, body text not null);
    create index notes_tag on notes (tag)`);
  // Sizes are read (and cached) before the table grows, so every later length comes from the cache.
  await expectConsistent(client, 0);

  await insert(client, 1, 20_001);
  await expectConsistent(client, 20_000);
  expect((await lengths(client)).find((l) => l.relation === 'notes')!.engine).toBeGreaterThan(100);

  // VACUUM gives the empty pages at the end of the table back to the file system.
  await client.exec('delete from notes where id > 1000');
  await client.exec('vacuum notes');
  await expectConsistent(client, 1_000);
  await insert(client, 1_001, 5_001);
  await expectConsistent(client, 5_000);

  // TRUNCATE and VACUUM FULL give the table new files; rows go in again after each.
  await client.exec('truncate notes');
  await expectConsistent(client, 0);
  await insert(client, 1, 3_001);
  await client.exec('vacuum full notes');
  await insert(client, 3_001, 6_001);
  await expectConsistent(client, 6_000);
});

it('finds all of it again after a restart', async () => {
  await client.close();
  client = await openPgliteClient(dir);
  await expectConsistent(client, 6_000);
  await insert(client, 6_001, 8_001);
  await expectConsistent(client, 8_000);
});
