import path from 'node:path';
import type { Role } from '../../server/src/lib/db/schema';
import { createUser } from '../../server/src/users/service';
import { browserAgent, createTestApp, type TestApp } from '../support/app';
import { seedLearner } from '../support/reports';

jest.setTimeout(60_000);
const STEP_COURSES = path.resolve(__dirname, '../fixtures/step-courses');
const URL = '/api/staff/reports/steps/modules/mapping/steps';
const MAPPING = ['why-map', 'map-your-city', 'check-mapping', 'who-is-missing'];

let t: TestApp;
let staff: Awaited<ReturnType<typeof signedIn>>;
let n = 0;
async function signedIn(role: Role) {
  const email = `funnel-${role}${n++}@example.org`;
  await createUser(t.database.db, { email, password: 'a long enough passphrase', role });
  const agent = await browserAgent(t.app);
  await agent.post('/api/auth/signin').send({ email, password: 'a long enough passphrase' }).expect(200);
  return agent;
}

/** A learner who opened the first `opened` steps of the mapping module and read the first `read` of them. */
const walker = (opened: number, read: number, profile: { country?: string; role?: Role } = {}) =>
  seedLearner(t.database.db, {
    course: 'steps',
    release: 'r1',
    enrolledAt: '2026-11-02T09:00:00Z',
    profile: { country: profile.country ?? 'IT', role: profile.role ?? 'learner' },
    steps: MAPPING.slice(0, opened).map((step, i) => ({ module: 'mapping', step, read: i < read })),
  });

beforeAll(async () => {
  t = await createTestApp({ coursesDir: STEP_COURSES });
  // Italy: 6 learners; 6 open step 1, 5 open step 2, 3 reach step 3, 1 reaches step 4.
  for (const [opened, read] of [
    [4, 4],
    [3, 3],
    [3, 2],
    [2, 2],
    [2, 1],
    [1, 0],
  ])
    await walker(opened, read);
  // Germany: 2 learners, and a trainer checking the course, who is not a learner and is not counted.
  await walker(4, 4, { country: 'DE' });
  await walker(1, 1, { country: 'DE' });
  await walker(4, 4, { country: 'DE', role: 'trainer' });
  staff = await signedIn('staff');
});
afterAll(() => t.close());

const table = (body: { steps: { step: string; opened: number; read: number }[] }) =>
  body.steps.map((s) => [s.step, s.opened, s.read]);

describe('the funnel drilled into a module’s steps', () => {
  it('counts, per step in order, the learners who opened it and read it to the end; learners only', async () => {
    const res = await staff.get(URL).expect(200);
    expect(res.body).toMatchObject({ course: 'steps', release: 'r1', module: { id: 'mapping', locale: 'en' } });
    expect(table(res.body)).toEqual([
      ['why-map', 8, 7],
      ['map-your-city', 6, 5],
      ['check-mapping', 4, 3],
      ['who-is-missing', 2, 2],
    ]);
    expect(res.body.steps[1]).toMatchObject({ position: 2, kind: 'activity', title: 'Map your city' });
  });

  it('names the steps in the language asked for, and keeps the dashboard’s filters', async () => {
    const res = await staff.get(`${URL}?lang=it&country=IT&release=r1`).expect(200);
    expect(res.body.steps[1].title).toBe('Mappa la tua città');
    expect(res.body.filters).toMatchObject({ country: 'IT', release: 'r1' });
    // A country selection passes disclosure control: steps fewer than 5 learners opened are not shown.
    expect(table(res.body)).toEqual([
      ['why-map', 6, 5],
      ['map-your-city', 5, 4],
    ]);
    expect(res.body.hidden).toBe(2);
  });

  it('shows every step of a module nobody has opened yet, at zero', async () => {
    const res = await staff.get('/api/staff/reports/steps/modules/planning/steps').expect(200);
    expect(res.body.steps.map((s: { opened: number }) => s.opened)).toEqual(res.body.steps.map(() => 0));
    expect(res.body.steps.length).toBeGreaterThan(1);
  });

  it('says what to fix for an unknown module, release, course or parameter', async () => {
    const nope = await staff.get('/api/staff/reports/steps/modules/nope/steps').expect(404);
    expect(nope.body.error.message).toContain('has no module "nope"');
    const release = await staff.get(`${URL}?release=r9`).expect(400);
    expect(release.body.error.message).toContain('has no release "r9"');
    await staff.get('/api/staff/reports/nope/modules/mapping/steps').expect(404);
    const unknown = await staff.get(`${URL}?step=why-map`).expect(400);
    expect(unknown.body.error.message).toContain('unknown parameter "step"');
  });

  it('is for staff and admins only', async () => {
    await t.request.get(URL).expect(401);
    await (await signedIn('learner')).get(URL).expect(403);
    await (await signedIn('trainer')).get(URL).expect(403);
    await (await signedIn('admin')).get(URL).expect(200);
  });
});
