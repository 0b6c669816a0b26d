import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../server/src/lib/db';
import { xapiStatements } from '../server/src/lib/db/schema';
import { statementKeys, contentHash } from '../server/src/xapi/statement-keys';
import { createCredential } from '../server/src/xapi/service';
import { startServer, stopServer, waitFor } from './bench-support';
import { peakMemoryMb, progressBar } from './cli';

/**
 * LRS throughput and query latency (issue: a standard-conformant LRS): autocannon on 127.0.0.1 against a
 * server process, on a fresh PostgreSQL database (dropped afterwards) or a fresh embedded database.
 */
const ACTORS = 5000;
const ACTIVITIES = 2000;
const statement = (i = Math.floor(Math.random() * 1e9)) => ({
  id: randomUUID(),
  actor: { objectType: 'Agent', account: { homePage: 'http://bench.example.org', name: `learner-${i % ACTORS}` } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: { en: 'progressed' } },
  object: { objectType: 'Activity', id: `http://bench.example.org/courses/codesign/modules/m${i % ACTIVITIES}` },
  result: { extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': i % 100 } },
  context: {
    registration: randomUUID(),
    revision: '2024-conference',
    language: 'en',
    contextActivities: { parent: [{ objectType: 'Activity', id: 'http://bench.example.org/courses/codesign' }] },
  },
  timestamp: new Date().toISOString(),
});

async function seed(db: Database, count: number): Promise<void> {
  const bar = progressBar('seeding statements');
  const batch = 2000;
  for (let done = 0; done < count; done += batch) {
    const now = new Date();
    const rows = Array.from({ length: Math.min(batch, count - done) }, (_, k) => {
      const s = {
        ...statement(done + k),
        stored: now.toISOString(),
        authority: { objectType: 'Agent', account: { homePage: 'http://bench.example.org', name: 'seed' } },
        version: '1.0.3',
      };
      return {
        id: s.id,
        statement: s,
        contentHash: contentHash(s),
        ...statementKeys(s),
        authorityKey: 'cred:seed',
        stored: now,
      };
    });
    await db.db.insert(xapiStatements).values(rows);
    bar.update(Math.min(count, done + batch), count, '');
  }
  bar.stop();
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

/** Peak resident memory of the server: the largest of the process and its children (tsx starts node as a child). */
export function peakRssMb(pid: number): number {
  const children = fs.existsSync(`/proc/${pid}/task/${pid}/children`)
    ? fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    : [];
  return Math.max(peakMemoryMb(pid), ...children.map(peakRssMb));
}

export async function benchLrs(
  store: 'postgres' | 'pglite',
  seedCount: number,
  seconds: number,
  databasePrefix = 'atrium_bench',
): Promise<void> {
  const port = 3950 + Math.floor(Math.random() * 40);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-lrs-bench-'));
  const dbName = `${databasePrefix}_${Date.now()}`;
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseUrl = store === 'postgres' ? `postgres://postgres@127.0.0.1:5432/${dbName}` : undefined;
  if (databaseUrl) {
    const c = new pg.Client(admin);
    await c.connect();
    await c.query(`create database ${dbName}`);
    await c.end();
  }
  // Opened here for setup and seeding, while the server is down (PGlite takes one process at a time).
  const openStore = () => openDatabase({ databaseUrl, pgliteDir: path.join(dataDir, 'pglite') });
  const setup = await openStore();
  await setup.migrate();
  const cred = await createCredential(setup.db, 'bench', ['all']);
  await setup.close();

  const serve = async () => {
    const started = startServer({
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      COURSES_DIR: path.join(dataDir, 'none'),
    });
    try {
      await waitFor(`${base}/healthz`, 60_000);
    } catch (err) {
      await stopServer(started);
      throw err;
    }
    return started;
  };
  const headers = {
    'Content-Type': 'application/json',
    'X-Experience-API-Version': '1.0.3',
    Authorization: `Basic ${Buffer.from(`${cred.key}:${cred.secret}`).toString('base64')}`,
  };
  let server: ChildProcess | undefined;
  try {
    server = await serve();
    const line = (label: string, r: autocannon.Result, perRequest = 1) =>
      console.log(
        `${store.padEnd(8)} ${label.padEnd(64)} ${Math.round(r.requests.average * perRequest)
          .toString()
          .padStart(
            7,
          )} ${perRequest > 1 ? 'statements/s' : 'req/s'}  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.non2xx + r.errors}`,
      );
    const post = (size: number, duration = seconds) =>
      run({
        url: `${base}/xapi/statements`,
        connections: 10,
        duration,
        requests: [
          {
            method: 'POST',
            headers,
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify(size === 1 ? statement() : Array.from({ length: size }, () => statement())),
            }),
          },
        ],
      });
    // A few seconds unmeasured first, as a server that has been running a while would be: compiled hot paths.
    await post(1, 3);
    // Batches into the empty store, and again once it holds the seeded statements: do writes stay flat?
    line('POST batches of 50 (10 connections), empty store', await post(50), 50);
    await stopServer(server);

    const filling = await openStore();
    await seed(filling, seedCount);
    // As autovacuum does soon after a bulk load (inserts trigger it since PostgreSQL 13): statistics for
    // the planner, and GIN indexes with their pending lists merged (a long pending list is scanned whole).
    // Then a checkpoint, so that writing the seeded gigabyte out to disk does not land in the measured
    // seconds: the figures are for a server at work, not one still absorbing the bench's own bulk load.
    await filling.db.execute(sql`vacuum analyze xapi_statements`);
    await filling.db.execute(sql`checkpoint`);
    await filling.close();

    server = await serve();
    await post(1, 3);
    const seeded = `${seedCount.toLocaleString('en')} seeded`;
    line('POST one statement (10 connections)', await post(1));
    line(`POST batches of 50 (10 connections), ${seeded}`, await post(50), 50);
    // Each query twice: with 10 connections as fast as the server answers (throughput; the latency
    // there is mostly waiting in line), and with one client (the latency of a query on its own).
    const agent = encodeURIComponent(
      JSON.stringify({ account: { homePage: 'http://bench.example.org', name: 'learner-42' } }),
    );
    const activity = encodeURIComponent('http://bench.example.org/courses/codesign');
    const queries = [
      [`GET ?agent=…&limit=100 (${seeded})`, `agent=${agent}&limit=100`],
      ['GET ?activity=…&related_activities=true', `activity=${activity}&related_activities=true&limit=100`],
    ];
    for (const [label, query] of queries)
      for (const connections of [10, 1])
        line(
          `${label}, ${connections === 1 ? 'one client' : `${connections} connections`}`,
          await run({ url: `${base}/xapi/statements?${query}`, headers, connections, duration: seconds }),
        );
    console.log(
      `${store.padEnd(8)} ${'server peak memory (VmHWM)'.padEnd(64)} ${peakRssMb(server.pid!).toFixed(0)} MB`,
    );
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) {
      const c = new pg.Client(admin);
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.end();
    }
  }
}
