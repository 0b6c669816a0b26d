import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { exportCourse } from '../../server/src/authoring/export';
import { importFilesDraft } from '../../server/src/authoring/sync';
import { isLoaded, loadCourse } from '../../server/src/content/course-loader';
import { rows, type Db } from '../../server/src/lib/db';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { browserAgent, createTestApp, signedIn, type TestApp } from '../support/app';
import { openTestDatabase } from '../support/database';

jest.setTimeout(90_000);
const STEP_COURSES = path.resolve(__dirname, '../fixtures/step-courses');
const COURSE = '/api/authoring/courses/steps';
const GLOSSARY_IT = `${COURSE}/glossary/it`;
const TEMPLATE_EN = `${COURSE}/resources/stakeholder-map/en`;
const RELEASE_IT = fs.readFileSync(path.join(STEP_COURSES, 'steps/releases/r1/glossary/it.yaml'), 'utf8');

let t: TestApp;
let trainer: Awaited<ReturnType<typeof signedIn>>;
let other: Awaited<ReturnType<typeof signedIn>>;
let tmp: string;
beforeAll(async () => {
  t = await createTestApp({ coursesDir: STEP_COURSES });
  trainer = await signedIn(t, 'trainer', 'Tina Trainer');
  other = await signedIn(t, 'trainer', 'Otto Other');
});
afterAll(() => t.close());
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-glossary-authoring-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const hashes = (db: Db) =>
  rows<{ id: string; manifest_hash: string }>(
    db,
    sql`select id, manifest_hash from releases where course_id = 'steps' order by id`,
  );

/** The Italian glossary with the term the English one has and the Italian lacked. */
const completed = `${RELEASE_IT}action-plan:\n  term: piano d'azione\n  definition: Chi fa cosa ed entro quando.\n`;

describe('the draft’s glossary and templates in the browser', () => {
  it('starts from the latest release’s files and lists them per language', async () => {
    const draft = await trainer.agent.get(COURSE).expect(200);
    expect(draft.body.files.own).toBe(false);
    expect(draft.body.files.glossary).toEqual([
      { locale: 'en', terms: 3, revision: 1 },
      { locale: 'it', terms: 2, revision: 1 },
    ]);
    expect(draft.body.files.resources).toEqual([
      {
        id: 'stakeholder-map',
        title: 'Stakeholder map grid',
        locales: [
          { locale: 'en', revision: 1 },
          { locale: 'it', revision: 1 },
        ],
      },
    ]);
    const glossary = await trainer.agent.get(GLOSSARY_IT).expect(200);
    expect(glossary.body).toMatchObject({ file: 'glossary/it.yaml', source: RELEASE_IT, revision: 1 });
  });

  it('checks a glossary as validate does: a missing translation, and bad YAML with its line', async () => {
    const missing = await trainer.agent.post(`${GLOSSARY_IT}/check`).send({ source: RELEASE_IT }).expect(200);
    expect(missing.body.problems.map((p: { message: string }) => p.message).join('\n')).toMatch(
      /term "action-plan" \(action plan\) of en.yaml is missing from this translation/,
    );
    const broken = `${RELEASE_IT}action-plan:\n  term: piano: d'azione\n  definition: x\n`;
    const check = await trainer.agent.post(`${GLOSSARY_IT}/check`).send({ source: broken }).expect(200);

    // The same text in the course folder: `npm run course -- validate` finds the same problems, same lines.
    fs.cpSync(path.join(STEP_COURSES, 'steps'), path.join(tmp, 'steps'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'steps/glossary/it.yaml'), broken);
    const validate = loadCourse(path.join(tmp, 'steps'), path.join(tmp, 'steps'))
      .problems.filter((p) => p.file === 'glossary/it.yaml')
      .map(({ line, severity, message }) => ({ line, severity, message }));
    expect(check.body.problems).toEqual(validate);
    expect(check.body.problems[0]).toMatchObject({ severity: 'error', line: 9 });

    // Saving a text that cannot be read is refused, naming the line.
    const refused = await trainer.agent.put(GLOSSARY_IT).send({ source: broken, baseRevision: 1 }).expect(400);
    expect(refused.body.error.message).toMatch(/glossary\/it\.yaml cannot be read: line 9: YAML syntax/);
    const unknown = await trainer.agent
      .put(GLOSSARY_IT)
      .send({ source: 'actor:\n  term: attore\n  meaning: x\n', baseRevision: 1 })
      .expect(400);
    expect(unknown.body.error.message).toMatch(/line 3: /);
    expect(unknown.body.error.details.problems.length).toBeGreaterThan(0);
    await trainer.agent
      .put(GLOSSARY_IT)
      .send({ source: 'x'.repeat(100_001), baseRevision: 1 })
      .expect(400, /at most 100,000 characters/);
    await trainer.agent.put(`${COURSE}/glossary/fr`).send({ source: RELEASE_IT, baseRevision: 0 }).expect(404);
    expect((await trainer.agent.get(COURSE).expect(200)).body.files.own).toBe(false);
  });

  it('saves a new revision and refuses a save based on an older one with both versions', async () => {
    const saved = await trainer.agent.put(GLOSSARY_IT).send({ source: completed, baseRevision: 1 }).expect(200);
    expect(saved.body).toEqual({ revision: 2, saved: true });
    const conflict = await other.agent
      .put(GLOSSARY_IT)
      .send({ source: `${RELEASE_IT}# mine\n`, baseRevision: 1 })
      .expect(409);
    expect(conflict.body.error.details).toMatchObject({
      reason: 'edit_conflict',
      theirs: { source: completed, revision: 2, author: 'Tina Trainer' },
      yours: { baseRevision: 1 },
    });
    const draft = await trainer.agent.get(COURSE).expect(200);
    expect(draft.body.files.own).toBe(true);
    expect(draft.body.files.glossary).toContainEqual({ locale: 'it', terms: 3, revision: 2 });
    // The other files were copied from the release at the first save.
    expect(draft.body.files.glossary).toContainEqual({ locale: 'en', terms: 3, revision: 1 });
    expect(draft.body.problems.filter((p: { file: string }) => p.file.startsWith('glossary/'))).toEqual([]);
    expect(draft.body.extras.glossary.it.map((g: { term: string }) => g.term)).toContain("piano d'azione");

    const template = await trainer.agent.get(TEMPLATE_EN).expect(200);
    const retitled = template.body.source.replace('title: Stakeholder map grid', 'title: Map of who takes part');
    await trainer.agent.put(TEMPLATE_EN).send({ source: retitled, baseRevision: 1 }).expect(200);
    const badId = retitled.replace('id: stakeholder-map', 'id: other-map');
    const check = await trainer.agent.post(`${TEMPLATE_EN}/check`).send({ source: badId }).expect(200);
    expect(check.body.problems).toEqual([
      { line: 2, severity: 'error', message: 'id "other-map" must be "stakeholder-map", its folder name' },
    ]);
  });

  it('publishes the edited glossary and template, and the release hash covers them', async () => {
    await trainer.agent
      .post(`${COURSE}/publish`)
      .send({ release: 'r2', notes: { en: 'The glossary is complete in Italian.' } })
      .expect(201);
    const guest = await browserAgent(t.app);
    const glossary = await guest.get('/api/courses/steps/releases/r2/glossary?lang=it').expect(200);
    expect(glossary.body.terms.map((x: { term: string }) => x.term)).toContain("piano d'azione");
    const before = await guest.get('/api/courses/steps/releases/r1/glossary?lang=it').expect(200);
    expect(before.body.terms.map((x: { term: string }) => x.term)).not.toContain("piano d'azione");
    const resources = await guest.get('/api/courses/steps/releases/r2/resources?lang=en').expect(200);
    expect(resources.body.resources[0].title).toBe('Map of who takes part');

    // course export --draft writes the draft's files; a fresh import of the export gives the same hashes.
    await exportCourse(t.database.db, 'steps', tmp, { releases: 'all', draft: true });
    expect(fs.readFileSync(path.join(tmp, 'steps/glossary/it.yaml'), 'utf8')).toBe(completed);
    expect(fs.readFileSync(path.join(tmp, 'steps/releases/r2/glossary/it.yaml'), 'utf8')).toBe(completed);
    expect(fs.readFileSync(path.join(tmp, 'steps/resources/stakeholder-map/en.md'), 'utf8')).toContain(
      'title: Map of who takes part',
    );
    const fresh = await openTestDatabase();
    try {
      expect((await importCoursesFromDirectory(fresh.db, tmp))[0].error).toBeUndefined();
      expect(await hashes(fresh.db)).toEqual(await hashes(t.database.db));
    } finally {
      await fresh.close();
    }
    // The same release with its Italian glossary as before has another hash.
    fs.writeFileSync(path.join(tmp, 'steps/releases/r2/glossary/it.yaml'), RELEASE_IT);
    const older = await openTestDatabase();
    try {
      await importCoursesFromDirectory(older.db, tmp);
      const [r1, r2] = await hashes(older.db);
      const [o1, o2] = await hashes(t.database.db);
      expect(r1).toEqual(o1);
      expect(r2.manifest_hash).not.toBe(o2.manifest_hash);
    } finally {
      await older.close();
    }
  });

  it('import --draft replaces the draft’s glossary with the files’, keeping the revision of an unchanged one', async () => {
    await exportCourse(t.database.db, 'steps', tmp, { releases: 'all', draft: true });
    const edited = completed.replace('Chi fa cosa ed entro quando.', 'Chi fa che cosa, ed entro quando.');
    fs.writeFileSync(path.join(tmp, 'steps/glossary/it.yaml'), edited);
    const loaded = loadCourse(path.join(tmp, 'steps'), path.join(tmp, 'steps'));
    if (!isLoaded(loaded)) throw new Error('the exported course does not load');
    await importFilesDraft(t.database.db, loaded, { force: true });
    const it = await trainer.agent.get(GLOSSARY_IT).expect(200);
    expect(it.body).toMatchObject({ source: edited, revision: 3 });
    const en = await trainer.agent.get(`${COURSE}/glossary/en`).expect(200);
    expect(en.body.revision).toBe(1);
  });
});
