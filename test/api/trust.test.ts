import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows as dbRows } from '../../server/src/lib/db';
import { learningStatement, quizOutcomeStatement, VERBS, type VerbName } from '../../server/src/xapi/profile';
import { createCredential, platformAgent } from '../../server/src/xapi/service';
import { browserAgent, createTestApp, signedIn, type TestApp } from '../support/app';

/**
 * Learning records you can trust: a quiz result comes only from answers the server checked, and a
 * statement a learner (or a tool) sends is evidence of reading, never of passing.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PUBLIC_URL = 'http://localhost:3000';
const V = { 'X-Experience-API-Version': '1.0.3' };
const RIGHT = [[0], [0, 1]];
const WRONG = [[1], [0]];
type Agent = Awaited<ReturnType<typeof browserAgent>>;

const rows = (query: ReturnType<typeof sql>) => dbRows<Record<string, unknown>>(t.database.db, query);

async function enrolled() {
  const learner = await signedIn(t, 'learner', 'Eve Forger');
  const { registration } = (await learner.agent.post('/api/courses/sample/releases/v1/enrolment').expect(201)).body;
  return { ...learner, registration: registration as string };
}

const statementOf = (userId: string, registration: string, verb: VerbName, module?: string) => ({
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
    verb,
  }),
});

const passedQuiz = (userId: string, registration: string) => ({
  id: randomUUID(),
  timestamp: new Date().toISOString(),
  ...quizOutcomeStatement({
    publicUrl: PUBLIC_URL,
    userId,
    course: 'sample',
    release: 'v1',
    registration,
    language: 'en',
    module: 'welcome',
    quiz: 'welcome-check',
    right: 2,
    total: 2,
    passed: true,
  }),
});

/** Step one of the attack: a score for the quiz, never answered. */
async function claimScore(agent: Agent) {
  const res = await agent
    .post('/api/me/progress')
    .send({
      quizzes: [
        {
          course: 'sample',
          release: 'v1',
          module: 'welcome',
          quiz: 'welcome-check',
          score: 1,
          at: '2024-05-02T10:00:00Z',
        },
      ],
    })
    .expect(400);
  expect(res.body.error.message).toMatch(/score is not accepted: send the answers/);
}

async function expectNoPass(agent: Agent, userId: string) {
  const mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
  expect(mine.modules[0]).toMatchObject({ id: 'welcome', quizzes: [{ id: 'welcome-check', best: null }] });
  expect(mine.modules[0].status).not.toBe('completed');
  expect(mine.certificate).toBeNull();
  expect(mine.enrolment.completedAt).toBeNull();
  const learning = (await agent.get('/api/me/learning').expect(200)).body;
  expect(learning.courses[0].certificate).toBeNull();
  expect(
    await rows(sql`select code from certificates c join enrolments e on e.id = c.enrolment_id
    where e.user_id = ${userId}`),
  ).toEqual([]);
}

describe('the certificate-without-learning attack', () => {
  it('refuses a bare score, so the learner’s own completed statements complete no quizzed module', async () => {
    const { agent, id, registration } = await enrolled();
    await claimScore(agent);
    const own = [
      statementOf(id, registration, 'completed', 'welcome'),
      statementOf(id, registration, 'completed', 'practice'),
    ];
    await agent.post('/xapi/statements').set(V).send(own).expect(200);
    await agent
      .post('/xapi/statements')
      .set(V)
      .send(statementOf(id, registration, 'completed'))
      .expect(200);
    await expectNoPass(agent, id);
  });

  it('counts a passed statement the learner posts as nothing', async () => {
    const { agent, id, registration } = await enrolled();
    await claimScore(agent);
    await agent
      .post('/xapi/statements')
      .set(V)
      .send([passedQuiz(id, registration), statementOf(id, registration, 'completed', 'welcome')])
      .expect(200);
    await expectNoPass(agent, id);
  });

  it('counts completed and passed statements from a statements/write credential for the learner as reading only', async () => {
    const { agent, id, registration } = await enrolled();
    await claimScore(agent);
    const tool = await createCredential(t.database.db, 'a tool', ['statements/write']);
    const auth = 'Basic ' + Buffer.from(`${tool.key}:${tool.secret}`).toString('base64');
    await t.request
      .post('/xapi/statements')
      .set(V)
      .set('Authorization', auth)
      .send([
        passedQuiz(id, registration),
        statementOf(id, registration, 'completed', 'welcome'),
        statementOf(id, registration, 'completed', 'practice'),
        statementOf(id, registration, 'completed'),
      ])
      .expect(200);
    await expectNoPass(agent, id);
    const mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules[0]).toMatchObject({ read: true, status: 'in-progress' });
  });
});

describe('guest answers carried in at sign-in', () => {
  const carried = (answers: number[][]) => ({
    visits: [{ course: 'sample', release: 'v1', module: 'welcome', at: '2024-05-02T10:00:00Z' }],
    quizzes: [
      {
        course: 'sample',
        release: 'v1',
        module: 'welcome',
        quiz: 'welcome-check',
        answers,
        at: '2024-05-02T10:05:00Z',
      },
    ],
  });

  it('checks the answers again: wrong ones give no pass, right ones the real score', async () => {
    const wrong = await signedIn(t);
    await wrong.agent.post('/api/me/progress').send(carried(WRONG)).expect(204);
    let mine = (await wrong.agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules[0].quizzes).toEqual([{ id: 'welcome-check', best: 0, attempts: 1 }]);

    const right = await signedIn(t);
    await right.agent.post('/api/me/progress').send(carried(RIGHT)).expect(204);
    mine = (await right.agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules[0].quizzes).toEqual([{ id: 'welcome-check', best: 100, attempts: 1 }]);
    const [passed] = await rows(
      sql`select statement from xapi_statements where verb_id = ${VERBS.passed} and statement->'actor'->'account'->>'name' = ${right.id}`,
    );
    expect(passed.statement).toMatchObject({ result: { success: true }, authority: platformAgent(PUBLIC_URL) });
  });

  it('refuses answers of the wrong shape with a message that says what to fix', async () => {
    const { agent } = await signedIn(t);
    const res = await agent
      .post('/api/me/progress')
      .send({
        quizzes: [
          {
            course: 'sample',
            release: 'v1',
            module: 'welcome',
            quiz: 'welcome-check',
            answers: 'all',
            at: '2024-05-02T10:05:00Z',
          },
        ],
      })
      .expect(400);
    expect(res.body.error.message).toMatch(/answers/);
  });
});

describe('authority', () => {
  it('stores what the server decides under Atrium’s own authority, and what the learner sends under theirs', async () => {
    const { agent, id, registration } = await enrolled();
    const forged = { ...statementOf(id, registration, 'progressed', 'welcome'), authority: platformAgent(PUBLIC_URL) };
    await agent.post('/xapi/statements').set(V).send(forged).expect(200);
    await agent
      .post('/api/courses/sample/releases/v1/modules/welcome/quizzes/welcome-check/check')
      .send({ answers: RIGHT })
      .expect(200);
    await agent
      .post('/xapi/statements')
      .set(V)
      .send(statementOf(id, registration, 'completed', 'welcome'))
      .expect(200);
    const stored = await rows(sql`select verb_id, statement->'authority' as authority from xapi_statements
      where statement->'actor'->'account'->>'name' = ${id} order by seq`);
    const byVerb = stored.map((r) => [String(r.verb_id).split('/').pop(), r.authority]);
    const learner = { objectType: 'Agent', account: { homePage: PUBLIC_URL, name: id } };
    const atrium = platformAgent(PUBLIC_URL);
    expect(byVerb).toEqual([
      ['registered', atrium],
      ['progressed', learner],
      ['answered', atrium],
      ['answered', atrium],
      ['passed', atrium],
      ['completed', learner],
      ['completed', atrium],
    ]);
  });
});
