import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { learningStatement } from '../../server/src/xapi/profile';
import { createTestApp, signedIn, type TestApp } from '../support/app';

/**
 * The sample course in two releases: v2, and v3 in which the knowledge check of "welcome" changed (the
 * first question has another right answer) and the text of "practice" changed (a reworded step).
 */
const SWITCH_COURSES = path.resolve(__dirname, '../fixtures/edition-switch');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ coursesDir: SWITCH_COURSES });
});
afterAll(() => t.close());

const PUBLIC_URL = 'http://localhost:3000';
const V = { 'X-Experience-API-Version': '1.0.3' };

describe('switching to an edition whose knowledge check changed', () => {
  it('reopens that module as "new knowledge check" and keeps a module whose text only changed completed, flagged as updated', async () => {
    const { agent, id } = await signedIn(t);
    const { registration } = (await agent.post('/api/courses/sample/releases/v2/enrolment').expect(201)).body;
    for (const module of ['welcome', 'practice'])
      await agent
        .post('/xapi/statements')
        .set(V)
        .send({
          id: randomUUID(),
          timestamp: new Date().toISOString(),
          ...learningStatement({
            publicUrl: PUBLIC_URL,
            userId: id,
            course: 'sample',
            release: 'v2',
            registration,
            language: 'en',
            module,
            verb: 'progressed',
            progress: 1,
          }),
        })
        .expect(200);
    const check = (release: string, answers: number[][]) =>
      agent
        .post(`/api/courses/sample/releases/${release}/modules/welcome/quizzes/welcome-check/check`)
        .send({ answers });
    expect((await check('v2', [[0], [0, 1]]).expect(200)).body.courseCompleted).toBe(true);

    const plan = (await agent.post('/api/me/courses/sample/switch').send({ release: 'v3' }).expect(200)).body;
    expect(plan).toMatchObject({
      carried: ['welcome', 'practice'],
      newKnowledgeCheck: ['welcome'],
      updated: ['practice'],
    });
    const mine = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(mine.modules).toMatchObject([
      { id: 'welcome', status: 'in-progress', newKnowledgeCheck: true, read: true, quizzes: [{ best: null }] },
      { id: 'practice', status: 'completed', newKnowledgeCheck: false, changedSinceCompleted: true },
    ]);

    const passed = (await check('v3', [[1], [0, 1]]).expect(200)).body;
    expect(passed).toMatchObject({ passed: true, modulesCompleted: ['welcome'] });
    const after = (await agent.get('/api/me/courses/sample').expect(200)).body;
    expect(after.modules[0]).toMatchObject({ status: 'completed', newKnowledgeCheck: false });
  });
});
