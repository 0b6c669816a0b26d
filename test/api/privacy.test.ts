import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows as dbRows } from '../../server/src/lib/db';
import { createUser } from '../../server/src/users/service';
import { learningStatement } from '../../server/src/xapi/profile';
import { browserAgent, createTestApp, TEST_PASSWORD, type TestApp } from '../support/app';
import { expectedKind } from '../support/database';

/** Privacy that holds: pseudonyms that cannot be undone, erasure that leaves nothing behind, a full download. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PUBLIC_URL = 'http://localhost:3000';
const V = { 'X-Experience-API-Version': '1.0.3' };
const rows = (query: ReturnType<typeof sql>) => dbRows<Record<string, unknown>>(t.database.db, query);
type Agent = Awaited<ReturnType<typeof browserAgent>>;

/**
 * Every row of every table of the app's schema, as text (bytes read as UTF-8), from the store the suite
 * runs on: PGlite, or PostgreSQL when DATABASE_URL is set.
 */
async function dumpEverything(): Promise<string> {
  expect(t.database.kind).toBe(expectedKind());
  const tables = await rows(
    sql`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  );
  expect(tables.length).toBeGreaterThan(20);
  const dump: string[] = [];
  for (const { table_name } of tables) {
    const all = await rows(sql.raw(`select * from "${String(table_name)}"`));
    dump.push(
      JSON.stringify(all, (_k, v: unknown) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : (v as object | null),
      ),
    );
  }
  return dump.join('\n');
}

const progressed = (userId: string, registration: string, module: string) => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  ...learningStatement({
    publicUrl: PUBLIC_URL,
    userId,
    course: 'sample',
    release: 'v1',
    registration,
    language: 'en',
    module,
    verb: 'progressed',
    progress: 1,
  }),
});

/** A learner who completes the sample course honestly, writes a reflection and keeps a State document. */
async function certifiedLearner(name: string, email: string) {
  const user = await createUser(t.database.db, { email, password: TEST_PASSWORD, role: 'learner', displayName: name });
  const agent = await browserAgent(t.app);
  await agent.post('/api/auth/signin').send({ email, password: TEST_PASSWORD }).expect(200);
  const { registration } = (await agent.post('/api/courses/sample/releases/v1/enrolment').expect(201)).body;
  for (const module of ['welcome', 'practice'])
    await agent
      .post('/xapi/statements')
      .set(V)
      .send(progressed(user.id, registration, module))
      .expect(200);
  const done = (
    await agent
      .post('/api/courses/sample/releases/v1/modules/welcome/quizzes/welcome-check/check')
      .send({ answers: [[0], [0, 1]] })
      .expect(200)
  ).body;
  expect(done.courseCompleted).toBe(true);
  return { agent, id: user.id, registration: registration as string, code: done.certificate as string };
}

async function keepState(agent: Agent, userId: string, text: string) {
  const params = new URLSearchParams({
    activityId: `${PUBLIC_URL}/courses/sample/modules/welcome`,
    agent: JSON.stringify({ objectType: 'Agent', account: { homePage: PUBLIC_URL, name: userId } }),
    stateId: 'notes',
  });
  await agent.put(`/xapi/activities/state?${params}`).set(V).send({ note: text }).expect(204);
}

describe('erasing an account', () => {
  it('leaves no e-mail, name or reflection text in any table; the certificate stays valid without the name', async () => {
    const email = `Zofia.Erase${Date.now()}@Example.org`;
    const name = 'Zofia Wiśniewska-Erased';
    const reflection = 'My own words about Kraków that nobody else should read';
    const stateText = 'A note kept in xAPI State, also mine';
    const { agent, id, code } = await certifiedLearner(name, email.toLowerCase());
    await agent
      .put('/api/me/courses/sample/modules/welcome/reflections/own-city')
      .send({ text: reflection })
      .expect(204);
    await keepState(agent, id, stateText);
    // Rate-limit counters for the address: failed sign-ins and a reset request.
    const stranger = await browserAgent(t.app);
    await stranger.post('/api/auth/signin').send({ email, password: 'not the password at all' }).expect(401);
    await stranger.post('/api/auth/forgot').send({ email }).expect(202);

    const before = await dumpEverything();
    expect(before).toContain(reflection);
    expect(before).toContain(name);

    await agent.delete('/api/me').send({ confirm: 'DELETE' }).expect(204);

    const after = (await dumpEverything()).toLowerCase();
    for (const secret of [email, email.split('@')[0], name, 'Wiśniewska', reflection, stateText])
      expect(after).not.toContain(secret.toLowerCase());

    const verified = (await (await browserAgent(t.app)).get(`/api/verify/${code}`).expect(200)).body;
    expect(verified).toMatchObject({ status: 'valid', holderName: null, holderAccountClosed: true });
  });
});

describe('the pseudonymised completion report', () => {
  it('carries no certificate code (a public page maps a code to a name) for pseudonymised rows', async () => {
    const { code } = await certifiedLearner('Pia Pseudonym', `pia${Date.now()}@example.org`);
    const staff = await createUser(t.database.db, {
      email: `staff${Date.now()}@example.org`,
      password: TEST_PASSWORD,
      role: 'staff',
      displayName: 'Staff',
    });
    const agent = await browserAgent(t.app);
    await agent.post('/api/auth/signin').send({ email: staff.email, password: TEST_PASSWORD }).expect(200);
    const csv = await agent.get('/api/staff/reports/sample/completions?format=csv').buffer(true).expect(200);
    const text = String(csv.text);
    expect(text).toContain('certificate_code');
    expect(text).not.toContain(code);
  });
});

describe('download my data', () => {
  it('holds every statement whose actor is the learner, and their State documents', async () => {
    const { agent, id } = await certifiedLearner('Dora Download', `dora${Date.now()}@example.org`);
    await keepState(agent, id, 'kept for the download');
    const [{ n }] = await rows(
      sql`select count(*)::int as n from xapi_statements where statement->'actor'->'account'->>'name' = ${id}`,
    );
    expect(n).toBeGreaterThanOrEqual(7);
    const exported = (await agent.get('/api/me/export').expect(200)).body;
    expect(exported.xapiStatements).toHaveLength(Number(n));
    expect(exported.xapiStatements.map((s: { verb: { id: string } }) => s.verb.id.split('/').pop())).toEqual(
      expect.arrayContaining(['registered', 'progressed', 'answered', 'passed', 'completed']),
    );
    expect(exported.xapiDocuments).toMatchObject([
      { kind: 'state', id: 'notes', content: JSON.stringify({ note: 'kept for the download' }) },
    ]);
  });
});
