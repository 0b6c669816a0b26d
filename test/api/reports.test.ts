import type { Role } from '../../server/src/lib/db/schema';
import { createUser } from '../../server/src/users/service';
import { browserAgent, createTestApp, type TestApp } from '../support/app';
import { seedLearner, seedPopulation } from '../support/reports';

jest.setTimeout(60_000);
let t: TestApp;
let staff: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  await seedPopulation(t.database.db);
  staff = await signedIn('staff');
});
afterAll(() => t.close());

let n = 0;
const PASSWORD = 'a long enough passphrase';
async function signedIn(role: Role) {
  const email = `reports-${role}${Date.now()}${n++}@example.org`;
  await createUser(t.database.db, { email, password: PASSWORD, role });
  const agent = await browserAgent(t.app);
  await agent.post('/api/auth/signin').send({ email, password: PASSWORD }).expect(200);
  return agent;
}

const DASHBOARD = '/api/staff/reports/sample/dashboard';
const dashboard = async (query = '') => (await staff.get(`${DASHBOARD}${query}`).expect(200)).body;

describe('who may see reports', () => {
  const urls = [
    DASHBOARD,
    '/api/staff/reports/sample/completions?format=csv',
    '/api/staff/reports/sample/completions?format=xlsx',
    '/api/staff/reports/sample/aggregate?format=csv',
    '/api/staff/reports/sample/statements',
  ];

  it('refuses guests with 401, learners and trainers with 403', async () => {
    const learner = await signedIn('learner');
    const trainer = await signedIn('trainer');
    for (const url of urls) {
      await t.request.get(url).expect(401);
      expect((await learner.get(url).expect(403)).body.error.code).toBe('forbidden');
      await trainer.get(url).expect(403);
    }
  });

  it('lets staff and admins in', async () => {
    const admin = await signedIn('admin');
    for (const url of urls) {
      await staff.get(url).expect(200);
      await admin.get(url).expect(200);
    }
  });
});

describe('dashboard figures', () => {
  it('counts enrolments, completions, rate and median time to complete', async () => {
    const d = await dashboard();
    expect(d.totals).toMatchObject({ enrolments: 13, completions: 4, completionRate: 30.8 });
    // Completion times: 10, 20, 30 days (Bologna) and 22 days (Berlin): median 21 days.
    expect(d.totals.medianDaysToComplete).toBe(21);
    expect(d.options.releases).toEqual(['v1', 'v2']);
    expect(d.options.countries).toEqual(['DE', 'FR', 'IT']);
    expect(d.options.languages).toEqual(['de', 'en', 'it']);
    expect(d.options.cities).toEqual(['Berlin', 'Bologna', 'Lyon']);
  });

  it('offers every country, city and language of the course in the filters, whatever is selected', async () => {
    const d = await dashboard('?country=IT&release=v2');
    expect(d.totals.enrolments).toBeLessThan(13);
    expect(d.options).toMatchObject({
      countries: ['DE', 'FR', 'IT'],
      cities: ['Berlin', 'Bologna', 'Lyon'],
      languages: ['de', 'en', 'it'],
    });
  });

  it('charts enrolments by month enrolled and completions by month completed', async () => {
    const d = await dashboard();
    expect(d.timeline).toEqual([
      { month: '2024-03', enrolments: 6, completions: 2 },
      { month: '2024-04', enrolments: 0, completions: 1 },
      { month: '2024-05', enrolments: 5, completions: 0 },
      { month: '2024-06', enrolments: 2, completions: 1 },
    ]);
  });

  it('shows the per-module funnel in course order', async () => {
    const d = await dashboard();
    expect(
      d.funnel.map((f: { module: string; started: number; completed: number }) => [f.module, f.started, f.completed]),
    ).toEqual([
      ['welcome', 11, 5],
      ['practice', 3, 3],
    ]);
    expect(d.funnel[0].titles.en).toBe('Welcome');
  });

  it('counts learners active in the 30 days up to the end of the period', async () => {
    // Berlin learners' visits are on 10-14 May; the period ends on 31 May.
    expect((await dashboard('?to=2024-05-31')).totals.activeLearners).toBe(5);
    expect((await dashboard('?to=2024-06-30')).totals.activeLearners).toBe(0);
  });

  it('has a table by city and organisation', async () => {
    const d = await dashboard();
    expect(d.byPlace).toEqual([
      expect.objectContaining({ city: 'Bologna', organisation: 'Comune di Bologna', enrolments: 6, completions: 3 }),
      expect.objectContaining({ city: 'Berlin', organisation: 'Verein Ankommen', enrolments: 5, completions: 1 }),
      expect.objectContaining({ city: 'Lyon', enrolments: 2, completions: 0 }),
    ]);
  });
});

describe('filters', () => {
  it.each([
    ['?release=v1', 5, 1],
    ['?language=it', 6, 3],
    ['?language=en', 2, 0],
    ['?country=DE', 5, 1],
    ['?city=bologna', 6, 3],
    ['?organisationKind=ngo', 5, 1],
    ['?gender=woman', 6, 3],
    ['?from=2024-05-01', 7, 1],
    ['?from=2024-03-01&to=2024-03-03', 3, 3],
    ['?release=v2&city=Bologna&from=2024-03-04', 3, 0],
  ])('%s selects %i enrolments with %i completions', async (query, enrolments, completions) => {
    expect((await dashboard(query)).totals).toMatchObject({ enrolments, completions });
  });

  it('ignores empty parameters, as a submitted form sends them', async () => {
    expect((await dashboard('?release=&country=')).totals.enrolments).toBe(13);
  });

  it.each([
    ['?country=italy', /country must be a two-letter ISO code/],
    ['?from=2024-13-01', /from must be a date such as 2024-05-31/],
    ['?from=2024-06-01&to=2024-05-01', /from must be on or before to/],
    ['?gender=female', /gender must be one of woman, man/],
    ['?organisationKind=company', /organisationKind must be one of/],
    ['?colour=blue', /unknown parameter "colour"/],
    ['?release=v9', /no release "v9"; use one of v1, v2/],
    ['?release=v1&release=v2', /give release once/],
  ])('refuses %s with 400 and says what to fix', async (query, message) => {
    const res = await staff.get(`${DASHBOARD}${query}`).expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 404 for an unknown course, with the reason for the reader', async () => {
    const res = await staff.get('/api/staff/reports/nope/dashboard').expect(404);
    expect(res.body.error.details).toEqual({ reason: 'course.not_found', course: 'nope' });
  });
});

describe('disclosure control', () => {
  it('never shows a gender or country group under 5 learners, and hides one more when only one would go', async () => {
    const d = await dashboard();
    expect(d.minGroup).toBe(5);
    // FR (2) is under 5; hiding it alone would give it away (13 - 6 - 5), so DE (5) goes too.
    expect(d.byCountry.map((g: { country: string }) => g.country)).toEqual(['IT']);
    expect(d.byGender.map((g: { gender: string }) => g.gender)).toEqual(['woman']);
    expect(d.hidden).toMatchObject({ country: 2, gender: 2 });
  });

  it('withholds every figure when a gender or country filter selects fewer than 5 learners', async () => {
    for (const query of ['?country=FR', '?gender=non-binary', '?country=IT&release=v2&from=2024-03-05']) {
      const d = await dashboard(query);
      expect(d.withheld).toBe(true);
      expect(d.totals).toBeNull();
      expect([...d.byPlace, ...d.byCountry, ...d.byGender, ...d.funnel, ...d.timeline]).toEqual([]);
    }
    // Other filters narrow to small groups freely: they are not about gender or country.
    expect((await dashboard('?organisationKind=migrant-led')).totals.enrolments).toBe(2);
  });

  it('hides small groups in every breakdown of a gender or country selection', async () => {
    await seedLearner(t.database.db, {
      release: 'v2',
      enrolledAt: '2024-03-20T09:00:00Z',
      profile: { country: 'IT', city: 'Torino', organisation: 'Città di Torino', gender: 'woman' },
    });
    const all = await dashboard();
    expect(all.byPlace.some((p: { city: string }) => p.city === 'Torino')).toBe(true);
    const italy = await dashboard('?country=IT');
    expect(italy.totals.enrolments).toBe(7);
    expect(italy.byPlace.some((p: { city: string }) => p.city === 'Torino')).toBe(false);
  });
});
