import { rows as dbRows } from '../../server/src/lib/db';
import { sql } from 'drizzle-orm';
import type { Role } from '../../server/src/lib/db/schema';
import { browserAgent, createTestApp, signedIn as signInAs, TEST_PASSWORD, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PASSWORD = TEST_PASSWORD;
const signedIn = (role: Role = 'learner') => signInAs(t, role);

const rows = (query: string) => dbRows<Record<string, unknown>>(t.database.db, sql.raw(query));

describe('roles', () => {
  it('answers 401 without a session and 403 for a role that does not fit', async () => {
    await t.request.get('/api/staff/summary').expect(401);
    const learner = await signedIn('learner');
    const res = await learner.agent.get('/api/staff/summary').expect(403);
    expect(res.body.error.message).toBe('This needs the staff or admin role.');
    expect(res.body.error.details).toEqual({ reason: 'auth.needs_role', roles: ['staff', 'admin'] });
    await learner.agent.get('/api/admin/users').expect(403);
    const trainer = await signedIn('trainer');
    await trainer.agent.get('/api/staff/summary').expect(403);
    const staff = await signedIn('staff');
    const summary = await staff.agent.get('/api/staff/summary').expect(200);
    expect(summary.body.accounts).toEqual(expect.arrayContaining([{ role: 'staff', accounts: expect.any(Number) }]));
    await staff.agent.get('/api/admin/users').expect(403);
  });

  it('lets an admin search users and change a role, but not their own', async () => {
    const admin = await signedIn('admin');
    const learner = await signedIn('learner');
    const found = await admin.agent.get(`/api/admin/users?q=${encodeURIComponent(learner.email)}`).expect(200);
    expect(found.body.users).toEqual([
      expect.objectContaining({ id: learner.id, email: learner.email, role: 'learner' }),
    ]);
    await admin.agent.patch(`/api/admin/users/${learner.id}`).send({ role: 'trainer' }).expect(200);
    expect((await learner.agent.get('/api/me').expect(200)).body.role).toBe('trainer');
    const self = await admin.agent.patch(`/api/admin/users/${admin.id}`).send({ role: 'learner' }).expect(403);
    expect(self.body.error.message).toMatch(/cannot remove your own admin role/);
    expect(self.body.error.details).toEqual({ reason: 'user.own_account' });
    await admin.agent.patch(`/api/admin/users/${learner.id}`).send({ role: 'owner' }).expect(400);
    await admin.agent.get('/api/admin/users?page=0').expect(400);
  });

  it('signs a disabled account out at once', async () => {
    const admin = await signedIn('admin');
    const learner = await signedIn('learner');
    await admin.agent.patch(`/api/admin/users/${learner.id}`).send({ disabled: true }).expect(200);
    await learner.agent.get('/api/me').expect(401);
    await (
      await browserAgent(t.app)
    )
      .post('/api/auth/signin')
      .send({ email: learner.email, password: PASSWORD })
      .expect(401);
  });
});

describe('profile and progress', () => {
  it('updates the profile and validates every field', async () => {
    const { agent } = await signedIn();
    const res = await agent
      .patch('/api/me')
      .send({
        organisation: 'City of Oulu',
        city: 'Oulu',
        country: 'FI',
        organisationKind: 'municipality',
        gender: 'prefer-not-to-say',
      })
      .expect(200);
    expect(res.body).toMatchObject({ organisation: 'City of Oulu', country: 'FI', organisationKind: 'municipality' });
    const bad = await agent.patch('/api/me').send({ country: 'Finland' }).expect(400);
    expect(bad.body.error.message).toMatch(/country must be a two-letter ISO code/);
    await agent.patch('/api/me').send({ organisationKind: 'company' }).expect(400);
    await agent.patch('/api/me').send({ role: 'admin' }).expect(400);
  });

  it('carries guest progress into the account without duplicates', async () => {
    const { agent, id } = await signedIn();
    const progress = {
      visits: [
        { course: 'sample', release: 'v2', module: 'welcome', at: '2024-05-02T10:00:00Z' },
        { course: 'sample', release: 'v2', module: 'practice', at: '2024-05-02T11:00:00Z' },
      ],
      quizzes: [
        {
          course: 'sample',
          release: 'v2',
          module: 'welcome',
          quiz: 'welcome-check',
          answers: [[0], [0]],
          at: '2024-05-02T10:30:00Z',
        },
      ],
    };
    await agent.post('/api/me/progress').send(progress).expect(204);
    await agent.post('/api/me/progress').send(progress).expect(204);
    expect((await rows(`select count(*)::int as n from module_visits where user_id = '${id}'`))[0].n).toBe(2);
    const mine = await agent.get('/api/me/progress/sample/v2').expect(200);
    expect(mine.body.visited.map((v: { module: string }) => v.module).sort()).toEqual(['practice', 'welcome']);
    const bad = await agent
      .post('/api/me/progress')
      .send({ visits: [{ course: 'sample', release: 'v2', module: 'x', at: 'yesterday' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/at must be an ISO 8601 date-time/);
  });

  it('downloads everything it holds about the learner', async () => {
    const { agent, email } = await signedIn();
    await agent
      .post('/api/me/progress')
      .send({ visits: [{ course: 'sample', release: 'v1', module: 'welcome', at: '2024-01-01T00:00:00Z' }] });
    const res = await agent.get('/api/me/export').expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="atrium-my-data.json"/);
    expect(res.body.profile.email).toBe(email);
    expect(res.body.moduleVisits).toHaveLength(1);
  });
});

describe('deleting an account', () => {
  it('erases the person, ends their sessions and keeps only the random id on learning records', async () => {
    const { agent, email, id } = await signedIn();
    await agent.patch('/api/me').send({ organisation: 'Somewhere', city: 'Prague', gender: 'woman' }).expect(200);
    await agent
      .post('/api/me/progress')
      .send({ visits: [{ course: 'sample', release: 'v2', module: 'welcome', at: '2024-05-02T10:00:00Z' }] });
    await agent.delete('/api/me').send({}).expect(400);
    await agent.delete('/api/me').send({ confirm: 'DELETE' }).expect(204);
    await agent.get('/api/me').expect(401);

    const [user] = await rows(`select * from users where id = '${id}'`);
    expect(user).toMatchObject({
      email: null,
      display_name: null,
      password_hash: null,
      organisation: null,
      city: null,
      gender: null,
    });
    expect(JSON.stringify(await rows(`select * from users`))).not.toContain(email);
    expect(JSON.stringify(await rows(`select * from sessions`))).not.toContain(id);
    expect((await rows(`select count(*)::int as n from module_visits where user_id = '${id}'`))[0].n).toBe(1);
    await (await browserAgent(t.app)).post('/api/auth/signin').send({ email, password: PASSWORD }).expect(401);
  });
});

describe('sign-up limits', () => {
  it('limits sign-ups per address', async () => {
    const agent = await browserAgent(t.app);
    for (let i = 0; i < 10; i++)
      await agent
        .post('/api/auth/signup')
        .send({ email: `flood${i}${Date.now()}@example.org`, password: PASSWORD, displayName: 'F' })
        .expect(202);
    const res = await agent
      .post('/api/auth/signup')
      .send({ email: `flood${Date.now()}@example.org`, password: PASSWORD, displayName: 'F' })
      .expect(429);
    expect(res.body.error.message).toMatch(/Try again in \d+ minutes/);
  });
});
