import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { backup, restore, type BackupTarget } from '../../server/src/backup/service';
import { openDatabase, type Database } from '../../server/src/lib/db/index';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { FIXTURE_COURSES } from '../support/app';
import { expectedKind } from '../support/database';

jest.setTimeout(60_000);

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-backup-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function seed(database: Database): Promise<void> {
  await database.migrate();
  const [result] = await importCoursesFromDirectory(database.db, FIXTURE_COURSES);
  expect(result.error).toBeUndefined();
}

async function releaseIds(database: Database): Promise<string[]> {
  const result = (await database.db.execute(sql`select id from releases order by id`)) as unknown as {
    rows: { id: string }[];
  };
  return result.rows.map((r) => r.id);
}

// Each store's path is tested in the run against that store (CI runs both), so nothing is skipped.
const onPglite = (name: string, fn: () => void) => expectedKind() === 'pglite' && describe(name, fn);
const onPostgres = (name: string, fn: () => void) => expectedKind() === 'postgres' && describe(name, fn);

onPglite('backup and restore of the embedded database', () => {
  const target = (name: string): BackupTarget => ({
    dataDir: path.join(tmp, name),
    pgliteDir: path.join(tmp, name, 'pglite'),
  });

  it('restores exactly what was backed up, keeping the replaced database aside', async () => {
    const source = target('source');
    const database = await openDatabase({ pgliteDir: source.pgliteDir });
    await seed(database);
    await database.close();

    const file = path.join(tmp, 'atrium.pglite.tar.gz');
    const written = await backup(source, file);
    expect(written.bytes).toBeGreaterThan(1000);

    const copy = target('copy');
    fs.mkdirSync(copy.pgliteDir, { recursive: true });
    const result = await restore(copy, file);
    expect(result.keptAside).toMatch(/pglite-before-restore-/);
    const restored = await openDatabase({ pgliteDir: copy.pgliteDir });
    expect(await releaseIds(restored)).toEqual(['v1', 'v2']);
    await restored.close();
  });

  it('refuses while a server is using the database, and refuses the wrong kind of file', async () => {
    const source = target('busy');
    fs.mkdirSync(source.pgliteDir, { recursive: true });
    fs.writeFileSync(path.join(source.dataDir, 'server.pid'), String(process.ppid));
    await expect(backup(source, path.join(tmp, 'x.pglite.tar.gz'))).rejects.toThrow(
      /is using the embedded database.*Stop it first/,
    );
    await expect(backup(source, path.join(tmp, 'x.zip'))).rejects.toThrow(/must end in \.pglite\.tar\.gz/);
    await expect(restore(source, path.join(tmp, 'missing.pglite.tar.gz'))).rejects.toThrow(/There is no backup file/);
  });
});

onPostgres('backup and restore on PostgreSQL', () => {
  const admin = () => new pg.Client({ connectionString: process.env.DATABASE_URL });
  const names = [`atrium_bk_${randomBytes(4).toString('hex')}`, `atrium_rs_${randomBytes(4).toString('hex')}`];
  const urlOf = (db: string) => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${db}`;
    return url.toString();
  };
  beforeAll(async () => {
    const client = admin();
    await client.connect();
    for (const n of names) await client.query(`create database ${n}`);
    await client.end();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    for (const n of names) await client.query(`drop database if exists ${n} with (force)`);
    await client.end();
  });

  it('restores a pg_dump backup into another database', async () => {
    const source = await openDatabase({ databaseUrl: urlOf(names[0]) });
    await seed(source);
    await source.close();
    const file = path.join(tmp, 'atrium.pgdump');
    await backup({ databaseUrl: urlOf(names[0]), dataDir: tmp, pgliteDir: tmp }, file);
    await restore({ databaseUrl: urlOf(names[1]), dataDir: tmp, pgliteDir: tmp }, file);
    const restored = await openDatabase({ databaseUrl: urlOf(names[1]) });
    expect(await releaseIds(restored)).toEqual(['v1', 'v2']);
    await restored.close();
  });
});
