import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildClient, firstLoadSize } from './build-client';
import { buildServer } from './build-server';
import { benchAccounts } from './bench-accounts';
import { benchDiscussions } from './bench-discussions';
import { benchLrs, peakRssMb } from './bench-lrs';
import { benchReports } from './bench-reports';
import { percentile, startServer, stopServer, waitFor } from './bench-support';
import { parseCommandLine, runCli } from './cli';

/**
 * Measures what the issues name: time from `npm start` to a served catalog on a fresh embedded
 * database (content import included), the first page's download size, and read latency of the API.
 */
const PORT = 3900 + Math.floor(Math.random() * 90);
const BASE = `http://127.0.0.1:${PORT}`;

async function latency(label: string, url: string, requests: number): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(34)} ${requests} requests, p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`,
  );
}

const USAGE = `Usage: npm run bench [-- --statements N] [--seconds S] [--learners N] [--skip-lrs] [--skip-pglite] [--skip-postgres] [--skip-reports] [--skip-discussions]
  --skip-postgres    leave out everything measured on PostgreSQL (its LRS, the staff reports, discussions)
  --statements       statements stored before the LRS queries on PostgreSQL (default 1000000; PGlite gets a tenth)
  --seconds          length of each load run (default 10)
  --database-prefix  name of the PostgreSQL database made (and dropped) for the run, before _<time> (default atrium_bench)
  --learners         demo learners seeded before the staff reports are measured on PostgreSQL (default 100000;
                     up to 1000000: past 20000, copies of the first 10000 are made in the database)
  --reports-db       measure the staff reports on this PostgreSQL database, already filled by npm run demo,
                     instead of seeding a fresh one (adds a staff account to it)`;

runCli(async () => {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      statements: { type: 'string', default: '1000000' },
      seconds: { type: 'string', default: '10' },
      'skip-lrs': { type: 'boolean', default: false },
      'skip-pglite': { type: 'boolean', default: false },
      'skip-postgres': { type: 'boolean', default: false },
      'database-prefix': { type: 'string', default: 'atrium_bench' },
      learners: { type: 'string', default: '100000' },
      'skip-reports': { type: 'boolean', default: false },
      'skip-discussions': { type: 'boolean', default: false },
      'reports-db': { type: 'string' },
    },
    USAGE,
  );
  const statements = Number(values.statements);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(statements) || statements < 0) throw new Error('--statements must be a whole number');
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error('--seconds must be a whole number of seconds');
  const skipPostgres = values['skip-postgres'];
  const prefix = values['database-prefix'];
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix))
    throw new Error('--database-prefix must be lower-case letters, digits and _ (a PostgreSQL name)');
  const learners = Number(values.learners);
  if (!Number.isInteger(learners) || learners < 1) throw new Error('--learners must be a whole number above 0');
  const built = performance.now();
  await buildServer({ ifStale: false });
  console.log(`server build (esbuild)             ${((performance.now() - built) / 1000).toFixed(1)} s`);
  await buildClient({ ifStale: true });
  const size = firstLoadSize();
  console.log(`first page download                ${(size.total / 1024).toFixed(1)} KB gzip (budget 130 KB)`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-bench-'));
  const started = performance.now();
  const server = startServer({ PORT: String(PORT), DATA_DIR: dataDir, DATABASE_URL: '' });
  try {
    await waitFor(`${BASE}/api/courses`, 60_000);
    console.log(
      `cold start to catalog (fresh data)  ${((performance.now() - started) / 1000).toFixed(1)} s (target: under 60 s), server peak memory ${peakRssMb(server.pid!).toFixed(0)} MB`,
    );
    await latency('GET /api/courses', `${BASE}/api/courses`, 300);
    await latency(
      'GET module (it, 2024-conference)',
      `${BASE}/api/courses/codesign/releases/2024-conference/modules/why-codesign?lang=it`,
      300,
    );
    await latency('GET outline', `${BASE}/api/courses/codesign/releases/2024-conference`, 300);
    await benchAccounts(BASE);
  } finally {
    await stopServer(server);
  }
  const restarted = performance.now();
  const again = startServer({ PORT: String(PORT), DATA_DIR: dataDir, DATABASE_URL: '' });
  try {
    await waitFor(`${BASE}/api/courses`, 60_000);
    console.log(
      `restart to catalog (same data)      ${((performance.now() - restarted) / 1000).toFixed(1)} s (target: 3 s)`,
    );
  } finally {
    await stopServer(again);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  if (!values['skip-lrs']) {
    console.log('\nLRS (autocannon on 127.0.0.1):');
    if (!skipPostgres) await benchLrs('postgres', statements, seconds, prefix);
    if (!values['skip-pglite']) await benchLrs('pglite', Math.round(statements / 10), seconds);
  }
  if (!values['skip-reports'] && !skipPostgres) {
    console.log(
      `\nStaff reports on PostgreSQL${values['reports-db'] ? '' : ` (${learners.toLocaleString('en')} learners)`}:`,
    );
    await benchReports(learners, values['reports-db']);
  }
  if (!values['skip-discussions'] && !skipPostgres) {
    console.log('\nDiscussions on PostgreSQL (10,000 comments on one step, 10 connections):');
    await benchDiscussions(seconds);
  }
  return 0;
});
