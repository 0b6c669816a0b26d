import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { refreshSummaries } from '../../server/src/learning/store';
import { rows } from '../../server/src/lib/db';
import { enrolmentPage } from '../../server/src/reports/export-store';
import { activeLearners, funnel, type Scope } from '../../server/src/reports/store';
import { learningStatement } from '../../server/src/xapi/profile';
import { createTestApp, signedIn, type TestApp } from '../support/app';

/**
 * The per-enrolment summary rows the reports read are a copy of the progress tables: after learners
 * read, answer, save their place, switch edition and erase their account, the rows kept along the
 * way equal rows rebuilt from scratch, and the report figures equal those computed from the progress
 * tables directly (as the reports did before the summary existed).
 */
const SWITCH_COURSES = path.resolve(__dirname, '../fixtures/edition-switch');
const PUBLIC_URL = 'http://localhost:3000';
const V = { 'X-Experience-API-Version': '1.0.3' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ coursesDir: SWITCH_COURSES });
});
afterAll(() => t.close());

type Agent = Awaited<ReturnType<typeof signedIn>>['agent'];

async function learner(release: string) {
  const { agent, id } = await signedIn(t);
  const { registration } = (await agent.post(`/api/courses/sample/releases/${release}/enrolment`).expect(201)).body;
  return { agent, id, registration: registration as string, release };
}

async function read(
  l: { agent: Agent; id: string; registration: string; release: string },
  module: string,
  progress: number,
  at = new Date(),
) {
  await l.agent
    .post('/xapi/statements')
    .set(V)
    .send({
      id: randomUUID(),
      timestamp: at.toISOString(),
      ...learningStatement({
        publicUrl: PUBLIC_URL,
        userId: l.id,
        course: 'sample',
        release: l.release,
        registration: l.registration,
        language: 'en',
        module,
        verb: 'progressed',
        progress,
      }),
    })
    .expect(200);
}

const check = (agent: Agent, release: string, answers: number[][]) =>
  agent.post(`/api/courses/sample/releases/${release}/modules/welcome/quizzes/welcome-check/check`).send({ answers });

const summaries = () =>
  rows<Record<string, unknown>>(
    t.database.db,
    sql`select enrolment_id, course_id, release_id, user_id, enrolled_at::text as enrolled_at,
          completed_at::text as completed_at, enrolled_month, completed_month, country, city, organisation,
          organisation_kind, gender, preferred_locale, modules_completed, quizzes_answered, quiz_points,
          last_activity_at::text as last_activity_at, funnel_started, funnel_completed
        from enrolment_summaries order by enrolment_id`,
  );

/** Summary rows whose enrolment or profile columns differ from the enrolment and the account. */
const profileDrift = async () =>
  (
    await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from enrolments e join users u on u.id = e.user_id
          left join enrolment_summaries s on s.enrolment_id = e.id
          where s.enrolment_id is null or (s.release_id, s.user_id, s.enrolled_at, s.completed_at, s.enrolled_month,
            s.completed_month, s.country, s.city, s.organisation, s.organisation_kind, s.gender, s.preferred_locale)
            is distinct from (e.release_id, e.user_id, e.enrolled_at, e.completed_at,
            to_char(e.enrolled_at at time zone 'UTC', 'YYYY-MM'), to_char(e.completed_at at time zone 'UTC', 'YYYY-MM'),
            u.country, u.city, u.organisation, u.organisation_kind, u.gender, u.preferred_locale)`,
    )
  )[0].n;

/** The export's figures computed from the progress tables, as the report query did before the summary. */
const direct = () =>
  rows<{ id: string; modules_completed: number; quizzes_answered: number; quiz_points: number }>(
    t.database.db,
    sql`select e.id,
          (select count(*)::int from module_visits mv
            join release_modules rm on rm.course_id = mv.course_id and rm.release_id = mv.release_id
              and rm.module_id = mv.module_id
            where mv.user_id = e.user_id and mv.course_id = e.course_id and mv.release_id = e.release_id
              and mv.completed_at is not null) as modules_completed,
          (select count(*)::int from quiz_results qr
            where qr.user_id = e.user_id and qr.course_id = e.course_id and qr.release_id = e.release_id) as quizzes_answered,
          (select coalesce(sum(qr.best_score_percent), 0)::int from quiz_results qr
            where qr.user_id = e.user_id and qr.course_id = e.course_id and qr.release_id = e.release_id) as quiz_points
        from enrolments e where e.course_id = 'sample' order by e.id`,
  );

/** The funnel computed from the module visits, as the dashboard did before the summary held it. */
const directFunnel = () =>
  rows<{ module: string; started: number; completed: number }>(
    t.database.db,
    sql`select mv.module_id as module, count(*)::int as started, count(mv.completed_at)::int as completed
        from enrolments e
        join module_visits mv on mv.user_id = e.user_id and mv.course_id = e.course_id and mv.release_id = e.release_id
        where e.course_id = 'sample' and e.user_id not in (select id from users where role <> 'learner')
        group by mv.module_id order by mv.module_id`,
  );

const directActive = async (since: Date, until: Date) =>
  (
    await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from enrolments e where e.course_id = 'sample'
            and e.user_id not in (select id from users where role <> 'learner') and exists (
            select 1 from module_visits mv
            where mv.user_id = e.user_id and mv.course_id = e.course_id and mv.release_id = e.release_id
              and mv.last_at >= ${since.toISOString()}::timestamptz and mv.last_at < ${until.toISOString()}::timestamptz)`,
    )
  )[0].n;

describe('per-enrolment summary rows', () => {
  it('stay equal to the progress tables through reading, answering, places, an edition switch and an erasure', async () => {
    const day = 24 * 3600_000;
    // Completes v2, then switches to v3 (whose knowledge check changed: the quiz result stays behind).
    const ada = await learner('v2');
    await read(ada, 'welcome', 100);
    await read(ada, 'practice', 100);
    expect((await check(ada.agent, 'v2', [[0], [0, 1]]).expect(200)).body.courseCompleted).toBe(true);
    // Reads a little, long ago: active in a past window only.
    const ben = await learner('v2');
    await read(ben, 'welcome', 40, new Date(Date.now() - 50 * day));
    // Reads, saves a place, answers wrongly, then erases the account.
    const cleo = await learner('v2');
    await read(cleo, 'welcome', 100);
    await cleo.agent
      .put('/api/me/courses/sample/place')
      .send({ release: 'v2', module: 'welcome', place: 'intro' })
      .expect(200);
    await check(cleo.agent, 'v2', [[1], [2]]).expect(200);
    // Enrolled, nothing else yet: zeros in the report; then tells where they work.
    const dan = await learner('v3');
    await dan.agent
      .patch('/api/me')
      .send({ country: 'IT', city: 'Bologna', organisationKind: 'ngo', preferredLocale: 'it' })
      .expect(200);

    const before = await summaries();
    expect(before.find((s) => s.enrolment_id === ada.registration)).toMatchObject({
      release_id: 'v2',
      modules_completed: 2,
      quizzes_answered: 1,
      quiz_points: 100,
      funnel_started: ['practice', 'welcome'],
      funnel_completed: ['practice', 'welcome'],
    });
    await ada.agent.post('/api/me/courses/sample/switch').send({ release: 'v3' }).expect(200);
    await cleo.agent.delete('/api/me').send({ confirm: 'DELETE' }).expect(204);

    const kept = await summaries();
    expect(kept.find((s) => s.enrolment_id === ada.registration)).toMatchObject({
      release_id: 'v3',
      modules_completed: 1,
      quizzes_answered: 0,
    });
    expect(kept.find((s) => s.enrolment_id === cleo.registration)).toMatchObject({
      quizzes_answered: 1,
      quiz_points: 0,
    });
    expect(kept.find((s) => s.enrolment_id === dan.registration)).toMatchObject({
      country: 'IT',
      city: 'Bologna',
      organisation_kind: 'ngo',
      preferred_locale: 'it',
      modules_completed: 0,
      last_activity_at: null,
    });
    expect(kept.find((s) => s.enrolment_id === cleo.registration)).toMatchObject({
      country: null,
      preferred_locale: null,
    });
    expect(kept).toHaveLength(4);
    expect(await profileDrift()).toBe(0);

    // The dashboard, read from the summary rows, against figures known for these four learners.
    const staff = await signedIn(t, 'staff');
    const board = (await staff.agent.get('/api/staff/reports/sample/dashboard').expect(200)).body;
    expect(board.totals).toMatchObject({ enrolments: 4, completions: 1, activeLearners: 2 });
    expect([...board.byRelease].sort((a, b) => a.release.localeCompare(b.release))).toEqual([
      expect.objectContaining({ release: 'v2', enrolments: 2 }),
      expect.objectContaining({ release: 'v3', enrolments: 2, completions: 1 }),
    ]);
    expect(board.options.languages).toEqual(['en', 'it']);
    const italian = (await staff.agent.get('/api/staff/reports/sample/dashboard?language=it').expect(200)).body;
    expect(italian.totals).toMatchObject({ enrolments: 1, completions: 0 });

    // The export built from the summary equals the export built from the progress tables.
    const scope: Scope = { course: 'sample', defaultLocale: 'en', filters: {} };
    const page = await enrolmentPage(t.database.db, scope, undefined, 100);
    const fromSummary = page
      .map((r) => ({
        id: r.id,
        modules_completed: r.modules_completed,
        quizzes_answered: r.quizzes_answered,
        quiz_points: r.quiz_points,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(fromSummary).toEqual(await direct());
    expect(fromSummary.some((r) => r.modules_completed > 0)).toBe(true);

    // Active learners, for a window ending now and for one in the past, both ways.
    const now = new Date(Date.now() + 1000);
    const windows = [
      [new Date(now.getTime() - 30 * day), now],
      [new Date(now.getTime() - 60 * day), new Date(now.getTime() - 30 * day)],
      [new Date(now.getTime() - 60 * day), now],
    ] as const;
    const counts = [];
    for (const [since, until] of windows) {
      const active = await activeLearners(t.database.db, scope, since, until);
      expect(active).toBe(await directActive(since, until));
      counts.push(active);
    }
    expect(counts).toEqual([2, 1, 3]);

    // The funnel from the summary's module lists equals the funnel from the visits.
    const fromLists = (await funnel(t.database.db, scope)).sort((a, b) => a.module.localeCompare(b.module));
    expect(fromLists).toEqual(await directFunnel());
    expect(fromLists.some((f) => f.completed > 0)).toBe(true);

    // Kept along the way equals rebuilt from scratch.
    await refreshSummaries(t.database.db, 'all');
    expect(await summaries()).toEqual(kept);
  });
});
