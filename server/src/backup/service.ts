import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from '../lib/db/pglite';
import { Conflict, Invalid } from '../lib/errors';
import { runningServerPid } from '../lib/runtime-lock';

export interface BackupTarget {
  /** postgres://… when the platform runs on a PostgreSQL server. */
  databaseUrl?: string;
  /** The embedded database's folder (DATA_DIR/pglite). */
  pgliteDir: string;
  dataDir: string;
}

const PGLITE_EXT = '.pglite.tar.gz';
const PG_EXT = '.pgdump';

export function defaultBackupFile(target: BackupTarget, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.join('backups', `atrium-${stamp}${target.databaseUrl ? PG_EXT : PGLITE_EXT}`);
}

function refuseWhileServerRuns(target: BackupTarget): void {
  const pid = runningServerPid(target.dataDir);
  if (pid)
    throw new Conflict(
      `The Atrium server (pid ${pid}) is using the embedded database in ${target.pgliteDir}. Stop it first, then run this again.`,
    );
}

/** Writes a complete, consistent copy of the database to `file`. */
export async function backup(target: BackupTarget, file: string): Promise<{ file: string; bytes: number }> {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (target.databaseUrl) {
    if (!file.endsWith(PG_EXT)) throw new Invalid(`A PostgreSQL backup file must end in ${PG_EXT}: ${file}`);
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, target.databaseUrl]);
  } else {
    if (!file.endsWith(PGLITE_EXT))
      throw new Invalid(`An embedded-database backup file must end in ${PGLITE_EXT}: ${file}`);
    refuseWhileServerRuns(target);
    if (!fs.existsSync(target.pgliteDir))
      throw new Invalid(`There is no embedded database in ${target.pgliteDir} to back up.`);
    const db = new PGlite(target.pgliteDir, pgliteOptions());
    try {
      // dumpDataDir does not wait for start-up itself: without this it never settles.
      await db.waitReady;
      const tarball = await db.dumpDataDir('gzip');
      fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await db.close();
    }
  }
  return { file, bytes: fs.statSync(file).size };
}

/**
 * Replaces the database with a backup. On the embedded database the current folder is kept
 * beside it (…-before-restore-<time>) so that a restore can itself be undone.
 */
export async function restore(target: BackupTarget, file: string): Promise<{ keptAside?: string }> {
  if (!fs.existsSync(file)) throw new Invalid(`There is no backup file ${file}.`);
  if (target.databaseUrl) {
    if (!file.endsWith(PG_EXT))
      throw new Invalid(`${file} is not a PostgreSQL backup (*${PG_EXT}); DATABASE_URL is set.`);
    run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${target.databaseUrl}`,
      file,
    ]);
    return {};
  }
  if (!file.endsWith(PGLITE_EXT))
    throw new Invalid(
      `${file} is not an embedded-database backup (*${PGLITE_EXT}); set DATABASE_URL to restore into PostgreSQL.`,
    );
  refuseWhileServerRuns(target);
  const staging = `${target.pgliteDir}.restoring`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(staging), { recursive: true });
  const db = new PGlite(staging, { ...pgliteOptions(), loadDataDir: new Blob([fs.readFileSync(file)]) });
  try {
    await db.waitReady;
    await db.query('select 1');
  } finally {
    await db.close();
  }
  let keptAside: string | undefined;
  if (fs.existsSync(target.pgliteDir)) {
    keptAside = `${target.pgliteDir}-before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(target.pgliteDir, keptAside);
  }
  fs.renameSync(staging, target.pgliteDir);
  return { keptAside };
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error)
    throw new Invalid(`${command} could not be run (${result.error.message}); install the PostgreSQL client tools.`);
  if (result.status !== 0) throw new Invalid(`${command} failed: ${result.stderr.trim()}`);
}
