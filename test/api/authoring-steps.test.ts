import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { exportCourse } from '../../server/src/authoring/export';
import { isLoaded, loadCourse } from '../../server/src/content/course-loader';
import { rows, type Db } from '../../server/src/lib/db';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { browserAgent, createTestApp, signedIn, type TestApp } from '../support/app';
import { openTestDatabase } from '../support/database';

jest.setTimeout(90_000);
const STEP_COURSES = path.resolve(__dirname, '../fixtures/step-courses');
const COURSE = '/api/authoring/courses/steps';
const MAPPING_EN = path.join(STEP_COURSES, 'steps/modules/01-mapping/en.md');

let t: TestApp;
let trainer: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp({ coursesDir: STEP_COURSES });
  trainer = await signedIn(t, 'trainer', 'Tina Trainer');
});
afterAll(() => t.close());

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-steps-authoring-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The mapping module with a knowledge check a learner could pass by length, a missing template and a bad step kind. */
const flawed = fs
  .readFileSync(MAPPING_EN, 'utf8')
  .replace(
    '- [x] Ask the group how and when they could take part.',
    '- [x] Ask the group how and when they could take part, and change the meeting plan together with them.',
  )
  .replace('- [ ] Hold the meeting anyway and inform them later by letter.', '- [ ] Wait.')
  .replace('resource:stakeholder-map', 'resource:no-such-template')
  .replace(':::: step who-is-missing reflection', ':::: step who-is-missing lecture');

describe('the editor’s problems list', () => {
  it('runs the same step and knowledge-check checks as validate, with the same lines and messages', async () => {
    const res = await trainer.agent
      .post(`${COURSE}/modules/mapping/texts/en/check`)
      .send({ source: flawed })
      .expect(200);
    const editor = res.body.problems as { line: number; severity: string; message: string }[];
    const messages = editor.map((p) => p.message).join('\n');
    expect(messages).toMatch(/options differ in length by more than 3×/);
    expect(messages).toMatch(/the correct option is the longest in 1 of 1 single-answer questions/);
    expect(messages).toMatch(/resource "no-such-template" does not exist/);
    expect(messages).toMatch(/lecture/);
    // A module written in steps is held to the check as an error, as new releases are.
    expect(editor.find((p) => /options differ in length/.test(p.message))?.severity).toBe('error');

    // The same text in the course folder: `npm run course -- validate` finds exactly the same problems.
    fs.cpSync(path.join(STEP_COURSES, 'steps'), path.join(tmp, 'steps'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'steps/modules/01-mapping/en.md'), flawed);
    const files = loadCourse(path.join(tmp, 'steps'), path.join(tmp, 'steps'));
    const validate = files.problems
      .filter((p) => p.file === 'modules/01-mapping/en.md')
      .map(({ line, severity, message }) => ({ line, severity, message }))
      .sort((a, b) => a.line - b.line);
    expect(editor).toEqual(validate);
  });

  it('shows the glossary and template checks of the whole draft on its page', async () => {
    const res = await trainer.agent.get(COURSE).expect(200);
    expect(res.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    // The live preview gets the templates and terms the text can use, to show them as learners see them.
    expect(res.body.extras.release).toBe('r1');
    expect(res.body.extras.resources).toEqual(['stakeholder-map']);
    expect(res.body.extras.glossary.it.map((g: { term: string }) => g.term).sort()).toEqual([
      'attore',
      'co-progettazione',
    ]);
    const current = await trainer.agent.get(`${COURSE}/modules/mapping/texts/en`).expect(200);
    await trainer.agent
      .put(`${COURSE}/modules/mapping/texts/en`)
      .send({ source: flawed, baseRevision: current.body.revision })
      .expect(200);
    const after = await trainer.agent.get(COURSE).expect(200);
    expect(JSON.stringify(after.body.problems)).toContain('resource \\"no-such-template\\" does not exist');
    await trainer.agent
      .put(`${COURSE}/modules/mapping/texts/en`)
      .send({ source: fs.readFileSync(MAPPING_EN, 'utf8'), baseRevision: current.body.revision + 1 })
      .expect(200);
  });
});

describe('resources and the glossary travel with the course', () => {
  it('a release published in the browser keeps the templates and the glossary', async () => {
    await trainer.agent
      .post(`${COURSE}/publish`)
      .send({ release: 'r2', notes: { en: 'Published from the browser.' } })
      .expect(201);
    const guest = await browserAgent(t.app);
    const resources = await guest.get('/api/courses/steps/releases/r2/resources?lang=it').expect(200);
    expect(resources.body.resources.map((r: { id: string; locale: string }) => [r.id, r.locale])).toEqual([
      ['stakeholder-map', 'it'],
    ]);
    const pdf = await guest.get('/api/courses/steps/releases/r2/resources/stakeholder-map.pdf').expect(200);
    expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
    const glossary = await guest.get('/api/courses/steps/releases/r2/glossary?lang=it').expect(200);
    expect(glossary.body.terms.map((x: { term: string }) => x.term)).toEqual(['attore', 'co-progettazione']);
    const step = await guest.get('/api/courses/steps/releases/r2/modules/mapping/steps/why-map').expect(200);
    expect(step.body.step.html).toContain('data-term="stakeholder"');
  });

  it('course export writes them as they were written, and a fresh import gives the same release hashes', async () => {
    await exportCourse(t.database.db, 'steps', tmp, { releases: 'all', draft: true });
    const same = (rel: string, from = `releases/r1/${rel}`) =>
      expect(fs.readFileSync(path.join(tmp, 'steps', rel), 'utf8')).toBe(
        fs.readFileSync(path.join(STEP_COURSES, 'steps', from), 'utf8'),
      );
    for (const release of ['r1', 'r2']) {
      same(`releases/${release}/glossary/en.yaml`, 'releases/r1/glossary/en.yaml');
      same(`releases/${release}/glossary/it.yaml`, 'releases/r1/glossary/it.yaml');
      same(`releases/${release}/resources/stakeholder-map/it.md`, 'releases/r1/resources/stakeholder-map/it.md');
    }
    same('glossary/en.yaml', 'releases/r1/glossary/en.yaml');
    same('resources/stakeholder-map/en.md', 'releases/r1/resources/stakeholder-map/en.md');
    const loaded = loadCourse(path.join(tmp, 'steps'), path.join(tmp, 'steps'));
    expect(isLoaded(loaded) && loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);

    // Exporting the draft again never overwrites a template being edited in the files.
    const edited = path.join(tmp, 'steps/resources/stakeholder-map/en.md');
    fs.appendFileSync(edited, '\nA line added in the files.\n');
    await exportCourse(t.database.db, 'steps', tmp, { releases: [], draft: true });
    expect(fs.readFileSync(edited, 'utf8')).toContain('A line added in the files.');
    fs.writeFileSync(
      edited,
      fs.readFileSync(path.join(STEP_COURSES, 'steps/releases/r1/resources/stakeholder-map/en.md')),
    );

    const fresh = await openTestDatabase();
    try {
      const [result] = await importCoursesFromDirectory(fresh.db, tmp);
      expect(result.error).toBeUndefined();
      const hashes = (db: Db) =>
        rows(db, sql`select id, manifest_hash from releases where course_id = 'steps' order by id`);
      expect(await hashes(fresh.db)).toEqual(await hashes(t.database.db));
      expect((await hashes(fresh.db)).length).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('a glossary stored before its text was kept gets it back at the next import of its unchanged release', async () => {
    const source = () =>
      rows<{ source: string }>(
        t.database.db,
        sql`select source from release_glossaries where course_id = 'steps' and release_id = 'r1' and locale = 'it'`,
      );
    await t.database.db.execute(sql`update release_glossaries set source = '' where course_id = 'steps'`);
    expect((await source())[0].source).toBe('');
    const [again] = await importCoursesFromDirectory(t.database.db, STEP_COURSES);
    expect(again.outcomes).toEqual([{ releaseId: 'r1', status: 'unchanged' }]);
    expect((await source())[0].source).toBe(
      fs.readFileSync(path.join(STEP_COURSES, 'steps/releases/r1/glossary/it.yaml'), 'utf8'),
    );
  });
});
