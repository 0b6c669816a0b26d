import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database } from '../../server/src/lib/db/index';
import { createUser } from '../../server/src/users/service';
import { createCredential } from '../../server/src/xapi/service';
import { validStatement } from '../fixtures/xapi-statements';
import { RecordingLrs } from '../support/recording-lrs';
import {
  createFreshDatabase,
  eventually,
  HttpClient,
  removeServerBundle,
  startServerProcess,
  type ServerProcess,
} from '../support/server-process';

/**
 * Two Atrium server processes (the compiled server, as `npm start` runs it) on one PostgreSQL database,
 * as docker-compose.yml runs them behind a proxy: whatever one replica does, the other sees at once.
 */
const DATABASE_URL = process.env.DATABASE_URL;

if (!DATABASE_URL) {
  describe('two replicas on one database', () => {
    it('need PostgreSQL: run this file with DATABASE_URL=postgres://… (CI does, and counts its tests)', () => {
      // The embedded database belongs to one process; replicas share a PostgreSQL server.
      expect(DATABASE_URL).toBeUndefined();
    });
  });
} else {
  jest.setTimeout(180_000);
  const PASSWORD = 'a long enough passphrase';
  const V = { 'X-Experience-API-Version': '1.0.3' };
  let fresh: Awaited<ReturnType<typeof createFreshDatabase>>;
  let database: Database;
  let a: ServerProcess;
  let b: ServerProcess;
  const lrs = new RecordingLrs();
  let writer: { key: string; secret: string };
  const basic = (c: { key: string; secret: string }) =>
    `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;

  beforeAll(async () => {
    fresh = await createFreshDatabase();
    await lrs.start();
    const env = {
      DATABASE_URL: fresh.url,
      LRS_FORWARD_ENDPOINT: lrs.endpoint,
      LRS_FORWARD_KEY: 'forward-key',
      LRS_FORWARD_SECRET: 'forward-secret',
      LRS_FORWARD_TIMEOUT_SECONDS: '1',
    };
    // Both start together on the empty database: each tries to migrate it.
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    database = await openDatabase({ databaseUrl: fresh.url });
    writer = await createCredential(database.db, 'replica test', ['statements/write', 'statements/read']);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.close();
    await lrs.stop();
    await fresh?.drop();
    removeServerBundle();
  });

  const journal = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../../server/migrations/meta/_journal.json'), 'utf8'),
  ) as { entries: unknown[] };

  describe('two replicas on one PostgreSQL database', () => {
    it('run the migrations once when they start together', async () => {
      const applied = await rows<{ n: number; distinct: number }>(
        database.db,
        sql`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`,
      );
      expect(applied[0]).toEqual({ n: journal.entries.length, distinct: journal.entries.length });
      expect(a.child.exitCode).toBeNull();
      expect(b.child.exitCode).toBeNull();
    });

    it('share sessions: signed in on one, signed in on the other', async () => {
      const email = `replica-${Date.now()}@example.org`;
      await createUser(database.db, { email, password: PASSWORD, role: 'learner', displayName: 'Rita Replica' });
      const browser = new HttpClient('203.0.113.10');
      await browser.signIn(a.baseUrl, email, PASSWORD);
      const onB = await browser.request(`${b.baseUrl}/api/auth/session`);
      expect(onB.status).toBe(200);
      expect((onB.body.user as { email: string } | null)?.email).toBe(email);
    });

    it('refuse a credential on one within a second of its revocation on the other', async () => {
      const email = `admin-${Date.now()}@example.org`;
      await createUser(database.db, { email, password: PASSWORD, role: 'admin', displayName: 'Ada Admin' });
      const admin = new HttpClient('203.0.113.11');
      await admin.signIn(a.baseUrl, email, PASSWORD);
      const doomed = await createCredential(database.db, 'to be revoked', ['statements/read']);
      const read = () =>
        fetch(`${b.baseUrl}/xapi/statements?limit=1`, { headers: { ...V, Authorization: basic(doomed) } });
      expect((await read()).status).toBe(200); // now in B's cache of checked credentials
      const revoked = await admin.request(`${a.baseUrl}/api/admin/lrs/credentials/${doomed.key}`, {
        method: 'DELETE',
      });
      expect(revoked.status).toBeLessThan(300);
      const since = Date.now();
      await eventually(
        'B refuses the revoked credential',
        async () => ((await read()).status === 401 ? true : undefined),
        1000,
        10,
      );
      expect(Date.now() - since).toBeLessThan(1000);
    });

    it('count rate limits across both', async () => {
      // Sign-ups: 10 an hour from one address. Alternating replicas, the 11th is refused.
      const client = new HttpClient('203.0.113.12');
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const base = i % 2 ? b.baseUrl : a.baseUrl;
        if (!client.csrf) client.csrf = String((await client.request(`${base}/api/auth/session`)).body.csrfToken);
        statuses.push((await client.request(`${base}/api/auth/signup`, { method: 'POST', body: {} })).status);
      }
      expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
      expect(statuses[10]).toBe(429);
    });

    it('serve on one a release published on the other, at once', async () => {
      const email = `trainer-${Date.now()}@example.org`;
      await createUser(database.db, { email, password: PASSWORD, role: 'trainer', displayName: 'Tina Trainer' });
      const trainer = new HttpClient('203.0.113.13');
      await trainer.signIn(a.baseUrl, email, PASSWORD);
      const text = `${a.baseUrl}/api/authoring/courses/sample/modules/practice/texts/en`;
      const current = await trainer.request(text);
      expect(current.status).toBe(200);
      const source = String(current.body.source).replace(/^title: .*$/m, 'title: Practice, published on A');
      expect(
        (await trainer.request(text, { method: 'PUT', body: { source, baseRevision: current.body.revision } })).status,
      ).toBe(200);
      const published = await trainer.request(`${a.baseUrl}/api/authoring/courses/sample/publish`, {
        method: 'POST',
        body: { release: 'v3', notes: { en: 'Published on one replica.' } },
      });
      expect(published.status).toBe(201);
      const onB = await fetch(`${b.baseUrl}/api/courses/sample/releases/v3/modules/practice?lang=en`);
      expect(onB.status).toBe(200);
      expect(((await onB.json()) as { title: string }).title).toBe('Practice, published on A');
    });

    const outboxEmpty = async () =>
      (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from xapi_outbox`))[0].n === 0
        ? true
        : undefined;

    async function post(server: ServerProcess, statements: unknown[]) {
      const res = await fetch(`${server.baseUrl}/xapi/statements`, {
        method: 'POST',
        headers: { ...V, Authorization: basic(writer), 'Content-Type': 'application/json' },
        body: JSON.stringify(statements),
      });
      expect(res.status).toBe(200);
    }

    it('forward each statement once: 1,000 statements through each replica', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const batch = Array.from({ length: 50 }, validStatement);
        const other = Array.from({ length: 50 }, validStatement);
        ids.push(...batch.map((s) => s.id), ...other.map((s) => s.id));
        await Promise.all([post(a, batch), post(b, other)]);
      }
      await eventually('the outbox is empty', outboxEmpty, 120_000, 100);
      expect(ids.filter((id) => lrs.received.get(id) !== 1)).toEqual([]);
      expect(lrs.duplicates()).toEqual([]);
    });

    it('forward once to a receiver that answers after the time-out', async () => {
      lrs.delayMs = 1500; // LRS_FORWARD_TIMEOUT_SECONDS is 1
      const statements = Array.from({ length: 20 }, validStatement);
      await post(a, statements.slice(0, 10));
      await post(b, statements.slice(10));
      await eventually('the outbox is empty', outboxEmpty, 120_000, 100);
      lrs.delayMs = 0;
      expect(statements.map((s) => lrs.received.get(s.id))).toEqual(statements.map(() => 1));
    });

    it('forward once across a receiver restart', async () => {
      const port = lrs.port;
      await lrs.stop();
      const statements = Array.from({ length: 20 }, validStatement);
      await post(a, statements.slice(0, 10));
      await post(b, statements.slice(10));
      await eventually(
        'both replicas tried and failed',
        async () => {
          const tried = await rows<{ n: number }>(
            database.db,
            sql`select count(*)::int as n from xapi_outbox where attempts > 0`,
          );
          return tried[0].n === 20 ? true : undefined;
        },
        60_000,
        50,
      );
      await lrs.start(port);
      await eventually('the outbox is empty', outboxEmpty, 120_000, 100);
      expect(statements.map((s) => lrs.received.get(s.id))).toEqual(statements.map(() => 1));
    });
  });
}
