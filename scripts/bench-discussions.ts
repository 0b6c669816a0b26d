import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { hashPassword } from '../server/src/auth/passwords';
import { openDatabase, rows } from '../server/src/lib/db';
import { importCoursesFromDirectory } from '../server/src/authoring/import-dir';
import { browserSession, percentile, startServer, stopServer, waitFor } from './bench-support';

/**
 * Discussions at scale (issue: learning together): one step's discussion holding 10,000 comments
 * (and replies and likes) on PostgreSQL; listing it with 10 connections, first page and a page deep
 * in the list, and posting comments from 10 connections at once. Targets: p99 under 30 ms.
 */
const ROOT = path.resolve(__dirname, '..');
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = 'a bench learner passphrase';
const COMMENTS = 10_000;
const POSTERS = 100;
/** Per run, twice: within the posting limit of 10 comments per account in 10 minutes. */
const POSTS_EACH = 4;
const LANGUAGES = ['en', 'it', 'de', 'fr', 'es', 'el', 'fi', 'cs', 'hr'];

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

async function signIn(base: string, email: string, n: number): Promise<Record<string, string>> {
  // Each learner from their own address (through the trusted local proxy header), as in real use.
  const client = await browserSession(base, { 'X-Forwarded-For': `198.51.100.${(n % 250) + 1}` });
  const res = await client.post('/api/auth/signin', { email, password: PASSWORD });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`);
  return client.headers();
}

export async function benchDiscussions(seconds: number): Promise<void> {
  const dbName = `atrium_discussions_bench_${Date.now()}`;
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${dbName}`;
  const admin = new pg.Client(ADMIN_URL);
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-discussions-bench-'));
  const port = 3800 + Math.floor(Math.random() * 40);
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  try {
    const setup = await openDatabase({ databaseUrl });
    await setup.migrate();
    await importCoursesFromDirectory(setup.db, path.join(ROOT, 'courses'), { only: 'codesign' });
    const [first] = await rows<{ module_id: string }>(
      setup.db,
      sql`select module_id from release_modules where course_id = 'codesign' order by release_id desc, position limit 1`,
    );
    const module = first.module_id;
    const hash = await hashPassword(PASSWORD);
    await setup.db.execute(sql`insert into users (id, email, password_hash, display_name, email_verified_at, created_at)
      select gen_random_uuid(), 'bench-' || g || '@example.org', ${hash}, 'Bench learner ' || g, now(), now() - interval '60 days'
      from generate_series(1, ${POSTERS}) g`);
    const discussion = '00000000-0000-4000-8000-000000000001';
    await setup.db.execute(
      sql`insert into discussions (id, course_id, module_id, step_id) values (${discussion}, 'codesign', ${module}, 'all')`,
    );
    // 10,000 top-level comments over 90 days, a reply to every fifth, likes spread unevenly.
    await setup.db.execute(sql`with authors as (select array_agg(id) a from users)
      insert into discussion_comments (id, discussion_id, author_id, language, body, created_at, like_count, reply_count)
      select gen_random_uuid(), ${discussion}, (select a[1 + g % ${POSTERS}] from authors),
        (${sql.raw(`array['${LANGUAGES.join("','")}']`)})[1 + g % ${LANGUAGES.length}],
        'In our city we tried comment number ' || g || ' with *residents* and the local library.',
        now() - interval '90 days' + g * interval '777 seconds', (g * 7919) % 13, case when g % 5 = 0 then 1 else 0 end
      from generate_series(1, ${COMMENTS}) g`);
    await setup.db.execute(sql`with authors as (select array_agg(id) a from users),
      parents as (select id, created_at, row_number() over (order by created_at) n from discussion_comments where reply_count = 1)
      insert into discussion_comments (id, discussion_id, parent_id, author_id, language, body, created_at)
      select gen_random_uuid(), ${discussion}, p.id, (select a[1 + (p.n * 3) % ${POSTERS}] from authors), 'it',
        'Da noi ha funzionato bene.', p.created_at + interval '1 hour' from parents p`);
    await setup.db.execute(sql`analyze`);
    const [deep] = await rows<{ id: string }>(
      setup.db,
      sql`select id from discussion_comments where discussion_id = ${discussion} and parent_id is null
        order by created_at desc, id desc offset ${COMMENTS / 2} limit 1`,
    );
    await setup.close();

    server = startServer({ PORT: String(port), PUBLIC_URL: base, DATA_DIR: dir, DATABASE_URL: databaseUrl });
    await waitFor(`${base}/healthz`, 60_000);
    const url = `${base}/api/courses/codesign/modules/${module}/discussion`;
    const line = (label: string, r: autocannon.Result) =>
      console.log(
        `${label.padEnd(46)} ${r.requests.total} requests, ${Math.round(r.requests.average)}/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (target: p99 under 30 ms)${r.non2xx ? `, ${r.non2xx} errors` : ''}`,
      );
    line('GET discussion, 10,000 comments, first page', await run({ url, connections: 10, duration: seconds }));
    line(
      'GET discussion, a page 5,000 comments deep',
      await run({ url: `${url}?after=${deep.id}`, connections: 10, duration: seconds }),
    );
    line(
      'GET discussion, most liked, only it and de',
      await run({ url: `${url}?sort=liked&languages=it,de`, connections: 10, duration: seconds }),
    );

    // Posting, each request signed in as its own learner (the per-account limit holds): first one
    // comment after another, the wait a learner sees; then 10 at once, which on this machine's two CPUs
    // (shared by the server, PostgreSQL and this load generator) measures how many posts a second it
    // takes rather than the wait. Signed in one after another: password hashing is meant to be slow.
    const people: Record<string, string>[] = [];
    for (let i = 0; i < POSTERS; i++) people.push(await signIn(base, `bench-${i + 1}@example.org`, i));
    let sent = 0;
    const post = async (concurrency: number) => {
      const times: number[] = [];
      const total = POSTERS * POSTS_EACH;
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < total; i = next++) {
          const n = sent + i;
          const start = performance.now();
          const res = await fetch(url, {
            method: 'POST',
            headers: people[n % POSTERS],
            body: JSON.stringify({
              text: `Bench comment ${n}: what worked for us was a walk with residents.`,
              language: 'en',
            }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`POST comment: ${res.status}`);
          times.push(performance.now() - start);
        }
      };
      const began = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = (performance.now() - began) / 1000;
      sent += total;
      times.sort((a, b) => a - b);
      return `${times.length} requests, ${Math.round(times.length / seconds)}/s, p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms`;
    };
    console.log(`${'POST comment, one after another'.padEnd(46)} ${await post(1)} (target: p99 under 30 ms)`);
    console.log(`${'POST comment, 10 connections at once'.padEnd(46)} ${await post(10)} (target: p99 under 30 ms)`);
  } finally {
    if (server) await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
    const drop = new pg.Client(ADMIN_URL);
    await drop.connect();
    await drop.query(`drop database if exists ${dbName}`);
    await drop.end();
  }
}
