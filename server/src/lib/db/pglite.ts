import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { withFileSizeCache } from './pglite-file-sizes';
import { withNamedStatements } from './pglite-named';

/**
 * PostgreSQL's settings for the embedded database, given at every start (`-c`, as PGlite's own are)
 * rather than written into its postgresql.conf, which PGlite's `postgresqlconf` option would replace
 * whole. The buffer cache is allocated and cleared in the engine's memory when it starts, so its size
 * is resident memory of the server from the first second: initdb's 128 MB made it the largest part.
 * Pages it does not hold are read from the operating system's file cache, which the server's memory
 * does not count; the LRS bench measured no slower queries with 16 MB (docs/performance.md).
 */
const SETTINGS = ['shared_buffers=16MB'];

export function pgliteOptions(): PGliteOptions {
  return { startParams: [...PGlite.defaultStartParams, ...SETTINGS.flatMap((s) => ['-c', s])] };
}

/**
 * Creates the embedded database in `dir` in a short-lived process of its own. Creating it runs initdb
 * in a second engine beside the first and copies its files across, 700–800 MB that a long-running
 * process would keep as its peak; the server then opens the folder as it does at every later start.
 */
async function createInOwnProcess(dir: string): Promise<void> {
  const script = `
    const { PGlite } = require(process.argv[1]);
    const db = new PGlite(process.argv[2], JSON.parse(process.argv[3]));
    db.waitReady.then(() => db.close()).then(
      () => process.exit(0),
      (err) => { console.error(err); process.exit(1); },
    );`;
  // With the server's WebAssembly and heap flags (they lower the child's peak too), not its others
  // (an --eval or --inspect of its own would make no sense twice).
  const flags = process.execArgv.filter((a) => a.startsWith('--wasm-') || a.startsWith('--max-old-space-size'));
  await promisify(execFile)(process.execPath, [
    ...flags,
    '-e',
    script,
    require.resolve('@electric-sql/pglite'),
    dir,
    JSON.stringify(pgliteOptions()),
  ]);
}

/** The embedded database in `dir` ('memory://' for one in memory), ready for queries. */
export async function openPgliteClient(dir: string): Promise<PGlite> {
  if (dir !== 'memory://') {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await createInOwnProcess(dir);
  }
  const client = new PGlite(dir === 'memory://' ? undefined : dir, pgliteOptions());
  await client.waitReady;
  if (dir !== 'memory://') withFileSizeCache(client);
  return withNamedStatements(client);
}
