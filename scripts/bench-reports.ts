import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rows } from '../server/src/lib/db';
import { importCoursesFromDirectory } from '../server/src/authoring/import-dir';
import { createUser } from '../server/src/users/service';
import { peakRssMb } from './bench-lrs';
import { percentile, startServer, stopServer, waitFor } from './bench-support';
import { progressBar } from './cli';
import { SEEDED, seedLearners } from './bench-scale';

/**
 * Staff reports at scale (issue: dashboard and completion reports): a fresh PostgreSQL database with
 * `learners` demo learners, a server process, then dashboard latency, the completion report as CSV and
 * XLSX (time and peak memory, over HTTP and from the command line) and the NDJSON statement rate.
 */
const ROOT = path.resolve(__dirname, '..');
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'a bench staff passphrase';

async function signIn(base: string, email: string): Promise<Record<string, string>> {
  const session = await fetch(`${base}/api/auth/session`);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      jar.set(k, v);
    }
  };
  keep(session);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/api/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken, Cookie: cookie() },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  keep(res);
  return { Cookie: cookie() };
}

/** The dashboard's p99 target: 150 ms up to 100,000 learners, 1 s at 1,000,000 (issue: production shape). */
let dashboardTarget = 150;

async function latency(label: string, url: string, headers: Record<string, string>, requests: number) {
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} ${requests} requests, p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms (target: p99 ≤ ${dashboardTarget} ms)`,
  );
}

/** Downloads an export and counts its bytes without keeping them. */
async function download(url: string, headers: Record<string, string>) {
  const start = performance.now();
  const res = await fetch(url, { headers });
  if (!res.ok || !res.body) throw new Error(`${url}: ${res.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { seconds: (performance.now() - start) / 1000, bytes, lines };
}

function cliExport(databaseUrl: string, format: 'csv' | 'xlsx', dir: string) {
  const out = path.join(dir, `completions.${format}`);
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/reports.ts', 'completions', '--course', 'codesign', '--out', out],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } },
  );
  if (r.status !== 0) throw new Error(`reports CLI failed: ${r.stderr}`);
  const peak = /peak memory (\d+) MB/.exec(r.stderr)?.[1];
  const rows = /([\d,]+) rows written/.exec(r.stderr)?.[1];
  console.log(
    `CLI completions ${format.padEnd(4)} (${rows} rows)               ${((performance.now() - start) / 1000).toFixed(1)} s with start-up, peak memory ${peak} MB, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB`,
  );
}

/** `existing`: measure on a database already filled by `npm run demo` instead of making and seeding one. */
export async function benchReports(learners: number, existing?: string): Promise<void> {
  const dbName = `atrium_reports_bench_${Date.now()}`;
  dashboardTarget = learners > 100_000 ? 1000 : 150;
  const databaseUrl = existing ?? `postgres://postgres@127.0.0.1:5432/${dbName}`;
  if (!existing) {
    const admin = new pg.Client(ADMIN_URL);
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-reports-bench-'));
  const port = 3850 + Math.floor(Math.random() * 40);
  const base = `http://127.0.0.1:${port}`;
  const email = `bench-staff-${Date.now()}@example.org`;
  let server: ChildProcess | undefined;
  try {
    const setup = await openDatabase({ databaseUrl });
    await setup.migrate();
    if (!existing) {
      await importCoursesFromDirectory(setup.db, path.join(ROOT, 'courses'), { only: 'codesign' });
      const bar = progressBar('seeding learners');
      const seeded = performance.now();
      const totals = await seedLearners(setup.db, {
        course: 'codesign',
        learners,
        publicUrl: base,
        seed: 1,
        progress: (done, total) => bar.update(done, total, ''),
      });
      bar.stop();
      await setup.db.execute(sql`analyze`);
      console.log(
        `seeded ${learners.toLocaleString('en')} learners (beyond ${SEEDED.toLocaleString('en')}, copies made in the database), ${totals.statements.toLocaleString('en')} statements in ${((performance.now() - seeded) / 1000).toFixed(0)} s`,
      );
    }
    const [counted] = await rows<{ enrolments: number; statements: number }>(
      setup.db,
      sql`select (select count(*) from enrolments)::int as enrolments, (select count(*) from xapi_statements)::int as statements`,
    );
    console.log(
      `database holds ${counted.enrolments.toLocaleString('en')} enrolments and ${counted.statements.toLocaleString('en')} xAPI statements`,
    );
    await createUser(setup.db, { email, password: PASSWORD, role: 'staff' });
    await setup.close();

    server = startServer({
      PORT: String(port),
      PUBLIC_URL: existing ? (process.env.PUBLIC_URL ?? 'http://localhost:3000') : base,
      DATA_DIR: dir,
      DATABASE_URL: databaseUrl,
      COURSES_DIR: path.join(ROOT, 'courses'),
    });
    await waitFor(`${base}/healthz`, 60_000);
    const headers = await signIn(base, email);
    const reports = `${base}/api/staff/reports/codesign`;
    await latency('GET dashboard (all enrolments)', `${reports}/dashboard`, headers, 30);
    await latency(
      'GET dashboard (release, country, period)',
      `${reports}/dashboard?release=2024-conference&country=IT&from=2024-06-01&to=2025-05-31`,
      headers,
      30,
    );
    await latency(
      'GET dashboard (gender, organisation kind)',
      `${reports}/dashboard?gender=woman&organisationKind=ngo`,
      headers,
      30,
    );
    const before = peakRssMb(server.pid!);
    for (const format of ['csv', 'xlsx'] as const) {
      const r = await download(`${reports}/completions?format=${format}`, headers);
      console.log(
        `HTTP completions ${format.padEnd(4)}                          ${r.seconds.toFixed(1)} s, ${(r.bytes / 1e6).toFixed(1)} MB${format === 'csv' ? `, ${(r.lines - 1).toLocaleString('en')} rows` : ''}`,
      );
    }
    console.log(
      `server peak memory                           ${before.toFixed(0)} MB before the exports, ${peakRssMb(server.pid!).toFixed(0)} MB after`,
    );
    const nd = await download(`${reports}/statements`, headers);
    console.log(
      `HTTP statements ndjson                       ${nd.lines.toLocaleString('en')} statements in ${nd.seconds.toFixed(1)} s: ${Math.round(nd.lines / nd.seconds).toLocaleString('en')} statements/s`,
    );
    await stopServer(server);
    server = undefined;
    cliExport(databaseUrl, 'csv', dir);
    cliExport(databaseUrl, 'xlsx', dir);
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
    if (!existing) {
      const drop = new pg.Client(ADMIN_URL);
      await drop.connect();
      await drop.query(`drop database if exists ${dbName}`);
      await drop.end();
    }
  }
}
