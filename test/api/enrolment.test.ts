import { rows as dbRows } from '../../server/src/lib/db';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { learningStatement } from '../../server/src/xapi/profile';
import { createCredential } from '../../server/src/xapi/service';
import { browserAgent, createTestApp, signedIn, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const V = { 'X-Experience-API-Version': '1.0.3' };
const PUBLIC_URL = 'http://localhost:3000';
const rows = (query: ReturnType<typeof sql>) => dbRows<Record<string, unknown>>(t.database.db, query);

async function learner() {
  const { agent, id } = await signedIn(t);
  return { agent, userId: id };
}

describe('enrolment on first opening a release', () => {
  it('enrols once, with the enrolment id as registration and a registered statement', async () => {
    const { agent, userId } = await learner();
    const first = await agent.post('/api/courses/sample/releases/v2/enrolment?lang=it').expect(201);
    expect(first.body).toMatchObject({ releaseId: 'v2', created: true });
    const again = await agent.post('/api/courses/sample/releases/v1/enrolment').expect(200);
    expect(again.body).toEqual({ registration: first.body.registration, releaseId: 'v2', created: false });

    const [registered] = await rows(
      sql`select statement from xapi_statements where registration = ${first.body.registration}`,
    );
    expect(registered.statement).toMatchObject({
      actor: { account: { homePage: PUBLIC_URL, name: userId } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/registered' },
      object: { id: `${PUBLIC_URL}/courses/sample` },
      context: { registration: first.body.registration, revision: 'v2', language: 'it' },
    });
  });

  it('needs a signed-in learner and a real release', async () => {
    await (await browserAgent(t.app)).post('/api/courses/sample/releases/v2/enrolment').expect(401);
    const { agent } = await learner();
    await agent.post('/api/courses/sample/releases/v9/enrolment').expect(404);
  });
});

describe('progress projected from statements', () => {
  it('keeps first opened, last seen, share read and reading to the end in the same transaction, without doubling', async () => {
    const { agent, userId } = await learner();
    const { registration } = (await agent.post('/api/courses/sample/releases/v2/enrolment').expect(201)).body;
    const event = {
      publicUrl: PUBLIC_URL,
      userId,
      course: 'sample',
      release: 'v2',
      registration,
      language: 'en',
      module: 'welcome',
    };
    const statements = [
      { id: randomUUID(), timestamp: '2024-05-01T10:00:00Z', ...learningStatement({ ...event, verb: 'experienced' }) },
      {
        id: randomUUID(),
        timestamp: '2024-05-01T10:05:00Z',
        ...learningStatement({ ...event, verb: 'progressed', progress: 0.5 }),
      },
      { id: randomUUID(), timestamp: '2024-05-01T10:10:00Z', ...learningStatement({ ...event, verb: 'completed' }) },
    ];
    await agent.post('/xapi/statements').set(V).send(statements).expect(200);
    await agent.post('/xapi/statements').set(V).send(statements).expect(200);
    const progress = await rows(sql`select * from module_visits where user_id = ${userId}`);
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ course_id: 'sample', release_id: 'v2', module_id: 'welcome', progress: 1 });
    expect(new Date(String(progress[0].first_at)).toISOString()).toBe('2024-05-01T10:00:00.000Z');
    // The learner's own `completed` says they read to the end; completion itself is the server's call.
    expect(new Date(String(progress[0].read_at)).toISOString()).toBe('2024-05-01T10:10:00.000Z');
    const mine = await agent.get('/api/me/progress/sample/v2').expect(200);
    expect(mine.body.visited.map((v: { module: string }) => v.module)).toEqual(['welcome']);
  });

  it('ignores statements about accounts that are not learners here', async () => {
    const c = await createCredential(t.database.db, 'tool', ['all']);
    const auth = `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
    const stranger = randomUUID();
    const s = {
      id: randomUUID(),
      ...learningStatement({
        publicUrl: PUBLIC_URL,
        userId: stranger,
        course: 'sample',
        release: 'v2',
        registration: randomUUID(),
        language: 'en',
        module: 'welcome',
        verb: 'experienced',
      }),
    };
    await t.request.post('/xapi/statements').set(V).set('Authorization', auth).send(s).expect(200);
    expect(await rows(sql`select * from module_visits where user_id::text = ${stranger}`)).toEqual([]);
  });
});
