import { browserAgent, createTestApp, type TestApp } from '../support/app';

let t: TestApp;
let agent: Awaited<ReturnType<typeof browserAgent>>;
beforeAll(async () => {
  t = await createTestApp();
  agent = await browserAgent(t.app);
});
afterAll(() => t.close());

const check = (answers: object, quiz = 'welcome-check', release = 'v2') =>
  agent.post(`/api/courses/sample/releases/${release}/modules/welcome/quizzes/${quiz}/check`).send(answers);

describe('quiz checking', () => {
  it('marks right answers and returns the feedback of the chosen options', async () => {
    const res = await check({ answers: [[0], [0, 1]] }).expect(200);
    expect(res.body).toMatchObject({ quiz: 'welcome-check', score: 1, passed: true });
    expect(res.body.results[0]).toEqual({
      correct: true,
      chosen: [0],
      feedback: [{ option: 0, correct: true, html: 'Right: a quiz block holds the questions.' }],
    });
  });

  it('marks wrong answers without revealing which option is right', async () => {
    const res = await check({ answers: [[1], [0]] }).expect(200);
    expect(res.body.score).toBe(0);
    expect(res.body.passed).toBe(false);
    expect(res.body.results[0].feedback).toEqual([
      { option: 1, correct: false, html: 'No: a case box tells a city’s story.' },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('Right: a quiz block');
  });

  it('checks against the content in the language it was read in', async () => {
    const res = await agent
      .post('/api/courses/sample/releases/v2/modules/welcome/quizzes/welcome-check/check?lang=it')
      .send({ answers: [[0], [0, 1]] })
      .expect(200);
    expect(res.body.results[0].feedback[0].html).toBe('Giusto: un blocco quiz contiene le domande.');
  });

  it.each([
    [{ answers: [[0]] }, /has 2 questions/],
    [{ answers: [[0], [7]] }, /question 2 has options 0 to 2, not 7/],
    [{ answers: [[0, 1], [0]] }, /question 1 takes a single answer/],
    [{ answers: [[], [0]] }, /choose at least one option for question 1/],
    [{ answers: [['a'], [0]] }, /answers\.0\.0/],
    [{ answers: 'all' }, /answers/],
    [{ answers: [[0], [1]], extra: true }, /Unrecognized key/i],
  ])('refuses a malformed answer %j', async (body, message) => {
    const res = await check(body).expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses an unknown quiz and a quiz of another release', async () => {
    await check({ answers: [[0]] }, 'nope').expect(404);
    await agent
      .post('/api/courses/sample/releases/v9/modules/welcome/quizzes/welcome-check/check')
      .send({ answers: [[0], [0]] })
      .expect(404);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await agent
      .post('/api/courses/sample/releases/v2/modules/welcome/quizzes/welcome-check/check')
      .set('Content-Type', 'application/json')
      .send('{"answers": [')
      .expect(400);
    expect(res.body.error.message).toMatch(/not valid JSON/);
  });

  it('refuses an answer sent without the CSRF token', async () => {
    const res = await t.request
      .post('/api/courses/sample/releases/v2/modules/welcome/quizzes/welcome-check/check')
      .send({ answers: [[0], [0, 1]] })
      .expect(403);
    expect(res.body.error.message).toMatch(/no valid CSRF token/);
  });
});
