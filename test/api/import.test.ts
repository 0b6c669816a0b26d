import { rows as dbRows } from '../../server/src/lib/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { isLoaded, loadCourse } from '../../server/src/content/course-loader';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { manifestOf } from '../../server/src/releases/service';
import { FIXTURE_COURSES } from '../support/app';
import { openTestDatabase } from '../support/database';
import type { Database } from '../../server/src/lib/db/index';

let database: Database;
let dir: string;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-courses-'));
  fs.cpSync(FIXTURE_COURSES, dir, { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const firstRow = async (query: string) => (await dbRows<Record<string, unknown>>(database.db, sql.raw(query)))[0];
const count = async (table: string) => Number((await firstRow(`select count(*)::int as n from ${table}`)).n);

describe('importing courses', () => {
  it('publishes each release once and stores an unchanged module version once', async () => {
    const [first] = await importCoursesFromDirectory(database.db, dir);
    expect(first.error).toBeUndefined();
    expect(first.outcomes).toEqual([
      { releaseId: 'v1', status: 'published' },
      { releaseId: 'v2', status: 'published' },
    ]);
    // welcome/en is the same in both releases; practice/en differs; welcome/it only in v2
    expect(await count('module_versions')).toBe(4);
    expect(await count('release_module_locales')).toBe(5);

    const [again] = await importCoursesFromDirectory(database.db, dir);
    expect(again.outcomes).toEqual([
      { releaseId: 'v1', status: 'unchanged' },
      { releaseId: 'v2', status: 'unchanged' },
    ]);
    expect(await count('module_versions')).toBe(4);
  });

  it('refuses a published release whose content changed, and writes nothing of that import', async () => {
    await importCoursesFromDirectory(database.db, dir);
    const file = path.join(dir, 'sample/releases/v1/modules/02-practice/en.md');
    fs.appendFileSync(file, '\nA sneaky edit.\n');
    const yaml = path.join(dir, 'sample/course.yaml');
    fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('Sample course', 'Renamed course'));
    const versions = await count('module_versions');

    const [result] = await importCoursesFromDirectory(database.db, dir);
    expect(result.error).toMatch(/Release "v1" of course "sample" is already published with other content/);
    expect(await count('module_versions')).toBe(versions);
    expect((await firstRow(`select title->>'en' as t from courses where id = 'sample'`)).t).toBe('Sample course');
  });

  it('recognises a release stored with the older, as-written manifest hash and updates it', async () => {
    // Notes written Italian first: the as-written order differs from the locale order.
    const yaml = path.join(dir, 'sample/releases/v2/release.yaml');
    fs.writeFileSync(
      yaml,
      fs.readFileSync(yaml, 'utf8').replace(/notes:\n([\s\S]*?)\n {2}it: (.*)\n?/, 'notes:\n  it: $2\n$1\n'),
    );
    await importCoursesFromDirectory(database.db, dir);
    const course = loadCourse(path.join(dir, 'sample'));
    if (!isLoaded(course)) throw new Error('fixture does not load');
    const v2 = course.releases.find((r) => r.meta.id === 'v2')!;
    const legacy = manifestOf(v2, 'as-written').hash;
    expect(Object.keys(v2.meta.notes)).toEqual(['it', 'en']);
    expect(legacy).not.toBe(manifestOf(v2).hash);
    await database.db.execute(
      sql`update releases set manifest_hash = ${legacy} where course_id = 'sample' and id = 'v2'`,
    );
    const [result] = await importCoursesFromDirectory(database.db, dir);
    expect(result.outcomes).toContainEqual({ releaseId: 'v2', status: 'unchanged' });
    expect((await firstRow(`select manifest_hash as h from releases where id = 'v2'`)).h).toBe(manifestOf(v2).hash);
  });

  it('refuses to import a course that has errors', async () => {
    const [result] = await importCoursesFromDirectory(
      database.db,
      path.resolve(__dirname, '../fixtures/broken-courses'),
    );
    expect(result.error).toMatch(/has \d+ error\(s\); run `npm run course -- validate broken`/);
    expect((await firstRow(`select count(*)::int as n from courses where id = 'broken'`)).n).toBe(0);
  });
});
