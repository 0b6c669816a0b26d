import { rows as dbRows } from '../../server/src/lib/db';
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Role } from '../../server/src/lib/db/schema';
import { createUser } from '../../server/src/users/service';
import { learningStatement } from '../../server/src/xapi/profile';
import { browserAgent, createTestApp, type TestApp } from '../support/app';
import { seedPopulation, seedStatements } from '../support/reports';
import { eventually } from '../support/server-process';

jest.setTimeout(60_000);
let t: TestApp;
let staff: Awaited<ReturnType<typeof signedIn>>;
let staffId: string;
let people: Awaited<ReturnType<typeof seedPopulation>>;
beforeAll(async () => {
  t = await createTestApp();
  people = await seedPopulation(t.database.db);
  staff = await signedIn('staff');
});
afterAll(() => t.close());

let n = 0;
const PASSWORD = 'a long enough passphrase';
async function signedIn(role: Role) {
  const email = `exports-${role}${Date.now()}${n++}@example.org`;
  const user = await createUser(t.database.db, { email, password: PASSWORD, role });
  if (role === 'staff') staffId = user.id;
  const agent = await browserAgent(t.app);
  await agent.post('/api/auth/signin').send({ email, password: PASSWORD }).expect(200);
  return agent;
}

const BASE = '/api/staff/reports/sample';
/** Keeps any response body as bytes (XLSX is binary; CSV and NDJSON are parsed by the test). */
const binary = (res: import('superagent').Response, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};
async function download(path: string) {
  const res = await staff.get(path).buffer(true).parse(binary).expect(200);
  return { body: res.body as Buffer, headers: res.headers };
}
type Row = Record<string, string>;
async function csv(query: string): Promise<Row[]> {
  const { body, headers } = await download(`${BASE}/completions?format=csv${query}`);
  expect(headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(headers['content-disposition']).toMatch(/^attachment; filename="completions-sample-\d{4}-\d\d-\d\d\.csv"$/);
  return parse(body, { columns: true, bom: true }) as Row[];
}
async function xlsx(path: string): Promise<Row[]> {
  const { body } = await download(path);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as string[]).slice(1);
  const rows: Row[] = [];
  sheet.eachRow((row, i) => {
    if (i === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(
      Object.fromEntries(
        header.map((h, k) => {
          const v = values[k];
          return [h, v instanceof Date ? v.toISOString() : v === undefined || v === null ? '' : String(v)];
        }),
      ),
    );
  });
  return rows;
}
const dashboard = async (query: string) => (await staff.get(`${BASE}/dashboard?${query}`).expect(200)).body;
const completed = (rows: Row[]) => rows.filter((r) => r.completed_at !== '').length;

describe('completion report', () => {
  it('has one row per enrolment with the agreed columns', async () => {
    const rows = await csv('');
    expect(rows).toHaveLength(13);
    expect(Object.keys(rows[0])).toEqual([
      'learner',
      'pseudonym',
      'organisation',
      'city',
      'country',
      'organisation_kind',
      'language',
      'release',
      'enrolled_at',
      'modules_completed',
      'modules_total',
      'quiz_score',
      'completed_at',
      'certificate_code',
    ]);
    expect(rows[0]).toMatchObject({
      organisation: 'Comune di Bologna',
      city: 'Bologna',
      country: 'IT',
      organisation_kind: 'municipality',
      language: 'it',
      release: 'v2',
      enrolled_at: '2024-03-01T09:00:00.000Z',
      modules_completed: '2',
      modules_total: '2',
      quiz_score: '80',
      completed_at: '2024-03-11T09:00:00.000Z',
      // A code opens a public page with the holder's name: a pseudonymised row never carries it.
      certificate_code: '',
    });
    // Opened but never answered a quiz: no score; no language set: the course's default.
    expect(rows[12]).toMatchObject({ city: 'Lyon', language: 'en', quiz_score: '', modules_completed: '0' });
  });

  it('pseudonymises everyone by default, with a stable pseudonym that is not the user id', async () => {
    const first = await csv('');
    const again = await csv('');
    expect(first.map((r) => r.pseudonym)).toEqual(again.map((r) => r.pseudonym));
    expect(new Set(first.map((r) => r.pseudonym)).size).toBe(13);
    for (const r of first) {
      expect(r.learner).toBe(r.pseudonym);
      expect(r.pseudonym).toMatch(/^L-[0-9a-f]{16}$/);
    }
    const text = JSON.stringify(first);
    for (const p of people) {
      expect(text).not.toContain(p.userId);
      expect(text).not.toContain(p.email);
    }
    expect(text).not.toContain('Ada Named');
    expect(text).not.toMatch(/Hidden Person|@/);
  });

  it('names only the learners who agreed, when names are asked for', async () => {
    const rows = await csv('&names=consented');
    expect(rows.filter((r) => r.learner !== r.pseudonym).map((r) => r.learner)).toEqual(['Ada Named']);
    // The deleted account had agreed, but is gone: pseudonymised.
    const text = JSON.stringify(rows);
    expect(text).not.toContain('Gone Named');
    expect(text).not.toMatch(/Hidden Person|@/);
  });

  it.each([
    ['', ''],
    ['release=v1', '&release=v1'],
    ['country=IT&from=2024-03-02', '&country=IT&from=2024-03-02'],
    ['language=de&to=2024-05-12', '&language=de&to=2024-05-12'],
    ['city=Lyon&organisationKind=migrant-led', '&city=Lyon&organisationKind=migrant-led'],
  ])('CSV and XLSX hold what the dashboard counts for %p', async (dashboardQuery, exportQuery) => {
    const d = await dashboard(dashboardQuery);
    const fromCsv = await csv(exportQuery);
    const fromXlsx = await xlsx(`${BASE}/completions?format=xlsx${exportQuery}`);
    expect(fromCsv).toHaveLength(d.totals.enrolments);
    expect(completed(fromCsv)).toBe(d.totals.completions);
    expect(fromXlsx).toEqual(fromCsv);
  });

  it('refuses a gender filter on a list of learners, and other bad parameters, with 400', async () => {
    const cases: [string, RegExp][] = [
      ['?format=csv&gender=woman', /gender filters only aggregated figures/],
      ['?format=pdf', /format must be csv or xlsx/],
      ['', /format must be csv or xlsx/],
      ['?format=csv&names=all', /names must be pseudonym .* or consented/],
      ['?format=csv&country=it', /country must be a two-letter ISO code/],
      ['?format=csv&release=v7', /no release "v7"/],
    ];
    for (const [query, message] of cases) {
      const res = await staff.get(`${BASE}/completions${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.body.error.message).toMatch(message);
    }
  });
});

describe('aggregated report', () => {
  it('has the dashboard figures by release, month, country, city, organisation kind and gender', async () => {
    const d = await dashboard('');
    const { body, headers } = await download(`${BASE}/aggregate?format=csv`);
    expect(headers['content-disposition']).toMatch(/filename="summary-sample-.*\.csv"/);
    const rows = parse(body, { columns: true, bom: true }) as Row[];
    const total = rows.find((r) => r.dimension === 'total')!;
    expect(Number(total.enrolments)).toBe(d.totals.enrolments);
    expect(Number(total.completions)).toBe(d.totals.completions);
    expect(Number(total.completion_rate_percent)).toBe(d.totals.completionRate);
    expect(Number(total.median_days_to_complete)).toBe(d.totals.medianDaysToComplete);
    const groups = (dim: string) => rows.filter((r) => r.dimension === dim).map((r) => [r.group, r.enrolments]);
    expect(groups('release')).toEqual([
      ['v1', '5'],
      ['v2', '8'],
    ]);
    expect(groups('month enrolled')).toEqual([
      ['2024-03', '6'],
      ['2024-05', '5'],
      ['2024-06', '2'],
    ]);
    expect(groups('city')).toEqual([
      ['Bologna (IT)', '6'],
      ['Berlin (DE)', '5'],
      ['Lyon (FR)', '2'],
    ]);
    // Disclosure control: as on the dashboard, no group under 5 by country or gender.
    expect(groups('country')).toEqual([['IT', '6']]);
    expect(groups('gender')).toEqual([['woman', '6']]);
  });

  it('holds the same figures as XLSX', async () => {
    const fromXlsx = await xlsx(`${BASE}/aggregate?format=xlsx&release=v2`);
    const { body } = await download(`${BASE}/aggregate?format=csv&release=v2`);
    const fromCsv = parse(body, { columns: true, bom: true }) as Row[];
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromXlsx[0]).toMatchObject({ dimension: 'total', enrolments: '8', completions: '3' });
  });

  it('withholds a selection by gender or country under 5 learners', async () => {
    const { body } = await download(`${BASE}/aggregate?format=csv&country=FR`);
    expect(parse(body, { columns: true, bom: true })).toEqual([]);
  });
});

describe('raw xAPI statements', () => {
  const PUBLIC_URL = 'http://localhost:3000';
  const event = (course: string, verb: 'experienced' | 'completed') => ({
    id: randomUUID(),
    timestamp: '2024-05-01T10:00:00Z',
    ...learningStatement({
      publicUrl: PUBLIC_URL,
      userId: randomUUID(),
      course,
      release: 'v2',
      registration: randomUUID(),
      language: 'en',
      module: 'welcome',
      verb,
    }),
  });

  it('streams the statements about the course in a period, as NDJSON, one per line', async () => {
    const april = [event('sample', 'experienced'), event('sample', 'completed')];
    const may = [event('sample', 'experienced')];
    await seedStatements(t.database.db, april, new Date('2024-04-15T12:00:00Z'));
    await seedStatements(t.database.db, may, new Date('2024-05-15T12:00:00Z'));
    await seedStatements(t.database.db, [event('other', 'experienced')], new Date('2024-04-15T12:00:00Z'));

    const all = await download(`${BASE}/statements`);
    expect(all.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = all.body.toString('utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([...april, ...may].map((s) => s.id));
    expect(JSON.parse(lines[0])).toMatchObject({ verb: april[0].verb, stored: '2024-04-15T12:00:00.000Z' });

    const inApril = await download(`${BASE}/statements?from=2024-04-01&to=2024-04-30`);
    expect(
      inApril.body
        .toString('utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(april.map((s) => s.id));
    const none = await download(`${BASE}/statements?from=2025-01-01`);
    expect(none.body.length).toBe(0);
    await staff.get(`${BASE}/statements?from=yesterday`).expect(400);
    await staff.get(`${BASE}/statements?format=csv`).expect(400);
  });
});

describe('export log', () => {
  it('records who exported what, when, with which filters', async () => {
    const before = new Date(Date.now() - 1000);
    await csv('&release=v1&names=consented');
    // The server records the rows written just after the response has ended: wait for that write.
    const row = await eventually(
      'the export is logged as finished',
      async () => {
        const [logged] = await dbRows<Record<string, unknown>>(
          t.database.db,
          sql`select * from report_exports where user_id = ${staffId} and started_at >= ${before.toISOString()}::timestamptz order by started_at desc limit 1`,
        );
        return logged?.finished_at ? logged : undefined;
      },
      5_000,
    );
    expect(row).toMatchObject({
      requested_by: `user:${staffId}`,
      course_id: 'sample',
      kind: 'completions',
      format: 'csv',
      filters: { release: 'v1', names: 'consented' },
      rows: 5,
    });
    expect(row.finished_at).not.toBeNull();
  });
});

describe('keyset pages', () => {
  it('reads every enrolment exactly once across pages, also when enrolments share a time', async () => {
    const { completionRecords } = await import('../../server/src/reports/exports');
    const { seedLearner } = await import('../support/reports');
    for (let i = 0; i < 3; i++)
      await seedLearner(t.database.db, { course: 'sample', release: 'v1', enrolledAt: '2024-05-10T09:00:00.000Z' });
    const read = async (pageSize: number) => {
      const pages: string[][] = [];
      for await (const page of completionRecords(t.database.db, 'sample', {}, 'pseudonym', undefined, pageSize))
        pages.push(page.map((r) => r.pseudonym));
      return pages;
    };
    const [whole] = await read(1000);
    expect(whole).toHaveLength(16);
    const paged = await read(3);
    expect(paged.length).toBe(6);
    expect(paged.flat()).toEqual(whole);
  });
});
