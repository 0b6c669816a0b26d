import { rows as dbRows } from '../../server/src/lib/db';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { learningStatement, VERBS } from '../../server/src/xapi/profile';
import { browserAgent, createTestApp, signedIn, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PUBLIC_URL = 'http://localhost:3000';
const V = { 'X-Experience-API-Version': '1.0.3' };
const RIGHT = { answers: [[0], [0, 1]] };
const WRONG = { answers: [[1], [0]] };
type Agent = Awaited<ReturnType<typeof browserAgent>>;

const rows = (query: ReturnType<typeof sql>) => dbRows<Record<string, unknown>>(t.database.db, query);
const verbsOf = async (userId: string) =>
  (
    await rows(sql`select verb_id, activity_id from xapi_statements
      where statement->'actor'->'account'->>'name' = ${userId} order by seq`)
  ).map((r) => `${String(r.verb_id).split('/').pop()} ${String(r.activity_id).replace(`${PUBLIC_URL}/courses/`, '')}`);

const quiz = (agent: Agent, body: object, release = 'v1', quizId = 'welcome-check') =>
  agent.post(`/api/courses/sample/releases/${release}/modules/welcome/quizzes/${quizId}/check`).send(body);

/** The learner's client reports having read a module to the end, as the reader does. */
async function readToEnd(agent: Agent, userId: string, registration: string, module: string, release = 'v1') {
  const statement = {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    ...learningStatement({
      publicUrl: PUBLIC_URL,
      userId,
      course: 'sample',
      release,
      registration,
      language: 'en',
      module,
      verb: 'progressed',
      progress: 1,
    }),
  };
  await agent.post('/xapi/statements').set(V).send(statement).expect(200);
}

async function enrolled(release = 'v1', name?: string) {
  const learner = await signedIn(t, 'learner', name);
  const { registration } = (await learner.agent.post(`/api/courses/sample/releases/${release}/enrolment`).expect(201))
    .body;
  return { ...learner, registration: registration as string };
}

describe('knowledge checks of a signed-in learner', () => {
  it('records answered statements per question and passed or failed for the quiz, keeping the best score', async () => {
    const { agent, id } = await enrolled();
    const failed = (await quiz(agent, WRONG).expect(200)).body;
    expect(failed).toMatchObject({ recorded: true, passed: false, modulesCompleted: [] });
    await quiz(agent, RIGHT).expect(200);
    expect(await verbsOf(id)).toEqual([
      'registered sample',
      'answered sample/modules/welcome/questions/welcome-check/1',
      'answered sample/modules/welcome/questions/welcome-check/2',
      'failed sample/modules/welcome/questions/welcome-check',
      'answered sample/modules/welcome/questions/welcome-check/1',
      'answered sample/modules/welcome/questions/welcome-check/2',
      'passed sample/modules/welcome/questions/welcome-check',
    ]);
    const [answered] = await rows(
      sql`select statement from xapi_statements where verb_id = ${VERBS.answered} and statement->'actor'->'account'->>'name' = ${id} order by seq limit 1`,
    );
    expect(answered.statement).toMatchObject({
      result: { success: false, response: 'option-1' },
      context: {
        revision: 'v1',
        contextActivities: { parent: [{ id: `${PUBLIC_URL}/courses/sample/modules/welcome` }] },
      },
    });
    const [result] = await rows(sql`select best_score_percent, attempts from quiz_results where user_id = ${id}`);
    expect(result).toEqual({ best_score_percent: 100, attempts: 2 });
  });

  it('gives a guest the feedback and records nothing', async () => {
    const guest = await browserAgent(t.app);
    const res = await quiz(guest, RIGHT).expect(200);
    expect(res.body).toMatchObject({ passed: true, recorded: false });
  });

  it('refuses answers for a release the learner is not on, an unknown quiz, and answers of the wrong shape', async () => {
    const { agent, id } = await enrolled('v1');
    const other = await quiz(agent, RIGHT, 'v2').expect(409);
    expect(other.body.error.message).toMatch(/enrolled in release "v1"/);
    await quiz(agent, RIGHT, 'v1', 'no-such-quiz').expect(404);
    await quiz(agent, { answers: [[0]] }).expect(400);
    await quiz(agent, { answers: [[0], 'x'] }).expect(400);
    await quiz(agent, { answers: [[0], [0, 1]], score: 1 }).expect(400);
    expect(await verbsOf(id)).toEqual(['registered sample']);
  });
});

describe('completion', () => {
  it('completes a module once read to the end and its quizzes passed, and the course once, with a certificate', async () => {
    const { agent, id, registration } = await enrolled('v1', 'Ana Horvat');
    await readToEnd(agent, id, registration, 'welcome');
    let mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules.map((m: { status: string }) => m.status)).toEqual(['in-progress', 'not-started']);

    const passed = (await quiz(agent, RIGHT).expect(200)).body;
    expect(passed.modulesCompleted).toEqual(['welcome']);
    expect(passed.courseCompleted).toBe(false);

    await readToEnd(agent, id, registration, 'practice');
    await readToEnd(agent, id, registration, 'practice');
    await quiz(agent, RIGHT).expect(200); // a retry after completion changes nothing
    mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules.map((m: { status: string }) => m.status)).toEqual(['completed', 'completed']);
    expect(mine.minutesLeft).toBe(0);
    expect(mine.certificate.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const completions = (await verbsOf(id)).filter((v) => v.startsWith('completed'));
    expect(completions).toEqual([
      'completed sample/modules/welcome',
      'completed sample/modules/practice',
      'completed sample',
    ]);
  });

  it('does not complete a module whose quiz is failed, nor one that was only opened', async () => {
    const { agent, id, registration } = await enrolled('v1');
    await readToEnd(agent, id, registration, 'welcome');
    await quiz(agent, WRONG).expect(200);
    const mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules[0]).toMatchObject({ status: 'in-progress', read: true, quizzes: [{ best: 0, attempts: 1 }] });
  });
});

describe('certificates', () => {
  async function certified(name: string) {
    const learner = await enrolled('v1', name);
    await readToEnd(learner.agent, learner.id, learner.registration, 'welcome');
    await readToEnd(learner.agent, learner.id, learner.registration, 'practice');
    const done = (await quiz(learner.agent, RIGHT).expect(200)).body;
    expect(done.courseCompleted).toBe(true);
    return { ...learner, code: done.certificate as string };
  }

  it('gives the holder a PDF in their language and anyone a verification that shows nothing more', async () => {
    const { agent, code } = await certified('Marta Nováková');
    const pdf = await agent.get(`/api/me/certificates/${code}/pdf?lang=it`).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await new PDFParse({ data: new Uint8Array(pdf.body as Buffer) }).getText()).text;
    expect(text).toContain('Marta Nováková');
    expect(text).toContain('Corso di prova');
    expect(text).toContain(code);
    // The nominal workload, worded as such: never as time the holder spent.
    expect(text).toMatch(/Un corso di circa \d+ (minut[oi]|or[ae])/);
    expect(text).not.toMatch(/di formazione/);
    // The verification address is also a QR code: the one image on the page.
    expect((pdf.body as Buffer).toString('latin1')).toMatch(/\/Subtype \/Image/);

    const other = await signedIn(t);
    await other.agent.get(`/api/me/certificates/${code}/pdf`).expect(403);

    const guest = await browserAgent(t.app);
    const verified = (await guest.get(`/api/verify/${code.toLowerCase()}`).expect(200)).body;
    // Typed from paper without dashes, or with spaces: the same certificate.
    await guest.get(`/api/verify/${code.replace(/-/g, '').toLowerCase()}`).expect(200);
    await guest.get(`/api/verify/${encodeURIComponent(code.replace(/-/g, ' '))}`).expect(200);
    expect(verified).toMatchObject({ status: 'valid', holderName: 'Marta Nováková', courseTitle: 'Sample course' });
    expect(JSON.stringify(verified)).not.toMatch(/@|registration|userId/);
    await guest.get('/api/verify/AAAA-BBBB-CCCC').expect(404);
    await guest.get('/api/verify/not-a-code').expect(400);
  });

  it('lets staff, and only staff, revoke one; verification then says so', async () => {
    const { agent, code } = await certified('Jonas Weber');
    await agent.post(`/api/staff/certificates/${code}/revoke`).send({ reason: 'duplicate account' }).expect(403);
    const staff = await signedIn(t, 'staff');
    await staff.agent.post(`/api/staff/certificates/${code}/revoke`).send({}).expect(400);
    await staff.agent.post(`/api/staff/certificates/${code}/revoke`).send({ reason: 'duplicate account' }).expect(204);
    const verified = (await (await browserAgent(t.app)).get(`/api/verify/${code}`).expect(200)).body;
    expect(verified.status).toBe('revoked');
    expect(verified).not.toHaveProperty('revokedReason');
  });
});

describe('switching release', () => {
  it('keeps the registration, carries progress, flags changed modules and records the switch once', async () => {
    const { agent, id, registration } = await enrolled('v1');
    await readToEnd(agent, id, registration, 'welcome');
    await quiz(agent, RIGHT).expect(200);
    await readToEnd(agent, id, registration, 'practice');
    let mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.newerRelease).toMatchObject({ id: 'v2' });
    expect(mine.newerRelease.notesHtml).toContain('Italian translation');

    const plan = (await agent.post('/api/me/courses/sample/switch').send({ release: 'v2' }).expect(200)).body;
    expect(plan).toMatchObject({ from: 'v1', to: 'v2', carried: ['welcome', 'practice'], updated: ['practice'] });
    const again = (await agent.post('/api/me/courses/sample/switch').send({ release: 'v2' }).expect(200)).body;
    expect(again.unchanged).toBe(true);

    mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.enrolment).toMatchObject({ registration, releaseId: 'v2' });
    expect(mine.newerRelease).toBeNull();
    expect(mine.modules).toMatchObject([
      { id: 'welcome', status: 'completed', changedSinceCompleted: false },
      { id: 'practice', status: 'completed', changedSinceCompleted: true },
    ]);
    expect(await rows(sql`select release_id from module_visits where user_id = ${id}`)).toEqual([
      { release_id: 'v2' },
      { release_id: 'v2' },
    ]);
    const switches = await rows(
      sql`select statement from xapi_statements where verb_id = ${VERBS.registered} and registration = ${registration} order by seq`,
    );
    expect(switches.map((s) => (s.statement as { context: { revision: string } }).context.revision)).toEqual([
      'v1',
      'v2',
    ]);
    // The course was completed once, on v1: no second completion, one certificate.
    expect((await verbsOf(id)).filter((v) => v === 'completed sample')).toHaveLength(1);
    expect(await rows(sql`select code from certificates where enrolment_id = ${registration}`)).toHaveLength(1);
  });

  it('refuses an unknown release and a learner who is not enrolled', async () => {
    const { agent } = await enrolled('v1');
    await agent.post('/api/me/courses/sample/switch').send({ release: 'v9' }).expect(404);
    await agent.post('/api/me/courses/sample/switch').send({ release: 'V 2' }).expect(400);
    const stranger = await signedIn(t);
    await stranger.agent.post('/api/me/courses/sample/switch').send({ release: 'v2' }).expect(404);
  });
});

describe('release comparison', () => {
  it('lists modules changed per locale with a readable diff', async () => {
    const res = await (await browserAgent(t.app)).get('/api/courses/sample/compare?from=v1&to=v2').expect(200);
    expect(res.body.added).toEqual([]);
    expect(res.body.removed).toEqual([]);
    const practice = res.body.changed.find((c: { id: string }) => c.id === 'practice');
    expect(practice.locales).toMatchObject([{ locale: 'en', status: 'changed' }]);
    expect(practice.locales[0].diff).toContainEqual({ op: 'added', text: '3. Reflect.\n' });
    // The readable text, block by block, of the one step a module without step containers is.
    expect(practice.locales[0].text).toEqual({
      before: [
        { kind: 'paragraph', text: 'Practice makes perfect.' },
        { kind: 'heading', level: 2, text: 'Steps' },
        { kind: 'item', text: 'Read.' },
        { kind: 'item', text: 'Do.' },
      ],
      after: [{ id: 'all', title: '', blocks: expect.arrayContaining([{ kind: 'item', text: 'Reflect.' }]) }],
    });
    const welcome = res.body.changed.find((c: { id: string }) => c.id === 'welcome');
    expect(welcome.locales).toMatchObject([{ locale: 'it', status: 'added' }]);
    await (await browserAgent(t.app)).get('/api/courses/sample/compare?from=v1').expect(400);
    await (await browserAgent(t.app)).get('/api/courses/sample/compare?from=v1&to=v7').expect(404);
  });
});

describe('resume and reflections', () => {
  it('resumes at the module and place last seen, from any device', async () => {
    const { agent } = await enrolled('v1');
    await agent
      .put('/api/me/courses/sample/place')
      .send({ release: 'v1', module: 'practice', place: 'steps' })
      .expect(200);
    const learning = (await agent.get('/api/me/learning').expect(200)).body;
    expect(learning.courses[0]).toMatchObject({
      courseTitle: 'Sample course',
      resume: { module: 'practice', place: 'steps' },
    });
    await agent
      .put('/api/me/courses/sample/place')
      .send({ release: 'v1', module: 'practice', place: '<script>' })
      .expect(400);
  });

  it('keeps reflections private to the learner and puts them in the data export', async () => {
    const { agent } = await enrolled('v1');
    const url = '/api/me/courses/sample/modules/welcome/reflections/own-city';
    await agent.put(url).send({ text: 'Our city has a migrant council.' }).expect(204);
    await agent.put(url).send({ text: 'Our city has a migrant council since 2019.' }).expect(204);
    await agent
      .put(url)
      .send({ text: 'x'.repeat(20_001) })
      .expect(400);
    const mine = (await agent.get('/api/me/courses/sample/modules/welcome/reflections').expect(200)).body;
    expect(mine.reflections).toMatchObject([{ id: 'own-city', text: 'Our city has a migrant council since 2019.' }]);
    const other = await signedIn(t);
    expect((await other.agent.get('/api/me/courses/sample/modules/welcome/reflections').expect(200)).body).toEqual({
      reflections: [],
    });
    const exported = (await agent.get('/api/me/export').expect(200)).body;
    expect(exported.reflections).toMatchObject([{ reflection: 'own-city' }]);
    expect(exported.enrolments).toMatchObject([{ course: 'sample', release: 'v1' }]);
    await (await browserAgent(t.app)).put(url).send({ text: 'guest' }).expect(401);
  });
});
