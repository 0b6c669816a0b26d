import { createTestApp, signedIn, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const opening = '/api/courses/sample/releases/v1/enrolment?opening=1';

describe('roles', () => {
  it('does not enrol a trainer, staff member or admin who opens a module; a learner is enrolled', async () => {
    for (const role of ['trainer', 'staff', 'admin'] as const) {
      const { agent } = await signedIn(t, role);
      const res = await agent.post(opening).expect(200);
      expect(res.body).toMatchObject({ registration: null, created: false });
      const checked = await agent
        .post('/api/courses/sample/releases/v1/modules/welcome/quizzes/welcome-check/check')
        .send({ answers: [[0], [0, 1]] })
        .expect(200);
      expect(checked.body).toMatchObject({ passed: true, recorded: false });
      expect((await agent.get('/api/me/courses/sample').expect(200)).body).toEqual({ enrolment: null });
    }
    const learner = await signedIn(t);
    expect((await learner.agent.post(opening).expect(201)).body.registration).toMatch(/^[0-9a-f-]{36}$/);
    await learner.agent.post(opening).query({ opening: 'yes' }).expect(400);
  });

  it('counts learners only in reports, also a staff member who enrolled on purpose', async () => {
    const staff = await signedIn(t, 'staff');
    const before = (await staff.agent.get('/api/staff/reports/sample/dashboard').expect(200)).body;
    await staff.agent.post('/api/courses/sample/releases/v1/enrolment').expect(201);
    const trainer = await signedIn(t, 'trainer');
    await trainer.agent.post('/api/courses/sample/releases/v1/enrolment').expect(201);
    const learner = await signedIn(t);
    await learner.agent.post('/api/courses/sample/releases/v1/enrolment').expect(201);
    const after = (await staff.agent.get('/api/staff/reports/sample/dashboard').expect(200)).body;
    expect(after.totals.enrolments).toBe(before.totals.enrolments + 1);
  });
});
