import { rows as dbRows } from '../../server/src/lib/db';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { exportCourse } from '../../server/src/authoring/export';
import { importFilesDraft } from '../../server/src/authoring/sync';
import { isLoaded, loadCourse } from '../../server/src/content/course-loader';
import type { Db } from '../../server/src/lib/db/index';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { browserAgent, createTestApp, signedIn, type TestApp } from '../support/app';
import { openTestDatabase } from '../support/database';

let t: TestApp;
let trainer: Awaited<ReturnType<typeof signedIn>>;
beforeAll(async () => {
  t = await createTestApp();
  trainer = await signedIn(t, 'trainer', 'Tina Trainer');
});
afterAll(() => t.close());
jest.setTimeout(60_000);

const COURSE = '/api/authoring/courses/sample';
const text = (module: string, locale: string) => `${COURSE}/modules/${module}/texts/${locale}`;

const rows = (db: Db, query: string) => dbRows<Record<string, unknown>>(db, sql.raw(query));

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from(
    '0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082',
    'hex',
  ),
]);

function quizModule(id: string, title: string) {
  return `---
id: ${id}
title: ${title}
minutes: 5
objectives:
  - Try the editor.
---

Some text.

::: quiz ${id}-check
? Which one?
- [x] This one
  Right.
- [ ] That one
  No.
:::
`;
}

describe('authoring: who may use it', () => {
  it('needs a session, and the trainer or admin role', async () => {
    const guest = await browserAgent(t.app);
    await guest.get(COURSE).expect(401);
    const learner = await signedIn(t, 'learner');
    const res = await learner.agent.get(COURSE).expect(403);
    expect(res.body.error.message).toMatch(/trainer or admin/);
    await (await signedIn(t, 'staff')).agent.get(COURSE).expect(403);
    await (await signedIn(t, 'admin')).agent.get(COURSE).expect(200);
  });

  it('seeds the browser draft from the files at the first import', async () => {
    const res = await trainer.agent.get(COURSE).expect(200);
    expect(res.body.modules.map((m: { id: string }) => m.id)).toEqual(['welcome', 'practice']);
    expect(res.body.modules[0].images).toEqual([
      expect.objectContaining({ fileName: 'diagram.svg', alt: 'A diagram of the course' }),
    ]);
    expect(res.body.modules[0].translations).toMatchObject({ en: 'source', it: expect.any(String), de: 'title-only' });
    expect(res.body.problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    const list = await trainer.agent.get('/api/authoring/courses').expect(200);
    expect(list.body.courses.map((c: { id: string }) => c.id)).toContain('sample');
  });
});

describe('authoring: modules and texts', () => {
  it('creates, renames, reorders and removes modules', async () => {
    const created = await trainer.agent
      .post(`${COURSE}/modules`)
      .send({ id: 'extra', title: 'Extra module' })
      .expect(201);
    expect(created.body.modules.map((m: { id: string }) => m.id)).toEqual(['welcome', 'practice', 'extra']);
    await trainer.agent.post(`${COURSE}/modules`).send({ id: 'extra', title: 'Again' }).expect(409);
    const bad = await trainer.agent.post(`${COURSE}/modules`).send({ id: 'Not An Id', title: '' }).expect(400);
    expect(bad.body.error.message).toMatch(/id: module ids use lowercase/);

    const renamed = await trainer.agent.patch(`${COURSE}/modules/extra`).send({ title: 'Renamed: extra' }).expect(200);
    expect(renamed.body.modules[2].title).toBe('Renamed: extra');
    const order = await trainer.agent
      .put(`${COURSE}/order`)
      .send({ modules: ['extra', 'welcome', 'practice'] })
      .expect(200);
    expect(order.body.modules.map((m: { id: string; position: number }) => `${m.position}:${m.id}`)).toEqual([
      '1:extra',
      '2:welcome',
      '3:practice',
    ]);
    await trainer.agent
      .put(`${COURSE}/order`)
      .send({ modules: ['extra', 'welcome'] })
      .expect(400);
    const removed = await trainer.agent.delete(`${COURSE}/modules/extra`).expect(200);
    expect(removed.body.modules.map((m: { id: string }) => m.id)).toEqual(['welcome', 'practice']);
    await trainer.agent
      .put(`${COURSE}/order`)
      .send({ modules: ['welcome', 'practice'] })
      .expect(200);
  });

  it('edits course metadata and checks its languages', async () => {
    const res = await trainer.agent
      .patch(COURSE)
      .send({ title: { en: 'Sample course', it: 'Corso di prova', de: 'Beispielkurs' }, passMark: 60 })
      .expect(200);
    expect(res.body.course.passMark).toBe(60);
    const bad = await trainer.agent
      .patch(COURSE)
      .send({ title: { fr: 'Cours' } })
      .expect(400);
    expect(bad.body.error.message).toMatch(/not one of the course's languages/);
    await trainer.agent.patch(COURSE).send({ passMark: 140 }).expect(400);
  });

  it('merges a language map into the stored one: changing English keeps the other languages', async () => {
    await trainer.agent
      .patch(COURSE)
      .send({ title: { en: 'Sample course', it: 'Corso di prova', de: 'Beispielkurs' } })
      .expect(200);
    const res = await trainer.agent
      .patch(COURSE)
      .send({ title: { en: 'Sample course, revised' } })
      .expect(200);
    expect(res.body.course.title).toEqual({ en: 'Sample course, revised', it: 'Corso di prova', de: 'Beispielkurs' });
    const removed = await trainer.agent
      .patch(COURSE)
      .send({ title: { de: '' } })
      .expect(200);
    expect(removed.body.course.title).toEqual({ en: 'Sample course, revised', it: 'Corso di prova' });
    await trainer.agent
      .patch(COURSE)
      .send({ title: { en: '' } })
      .expect(400);
  });

  it('reports problems of a text being typed, with lines and what to fix', async () => {
    const source =
      quizModule('practice', 'Practice').replace('- [x] This one', '- [ ] This one') + '\n![](nowhere.png)\n';
    const res = await trainer.agent
      .post(`${text('practice', 'en')}/check`)
      .send({ source })
      .expect(200);
    const messages = res.body.problems.map((p: { line: number; message: string }) => `${p.line}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^12: question has no correct option/),
        expect.stringMatching(/^19: image "nowhere.png" has no alt text/),
        expect.stringMatching(/^19: image file "nowhere.png" does not exist/),
      ]),
    );
    const wrongId = await trainer.agent
      .post(`${text('practice', 'en')}/check`)
      .send({ source: quizModule('other', 'Practice') })
      .expect(200);
    expect(wrongId.body.problems[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/id must be "practice"/),
    });
    const reused = await trainer.agent
      .post(`${text('practice', 'en')}/check`)
      .send({ source: quizModule('practice', 'Practice').replace('practice-check', 'welcome-check') })
      .expect(200);
    expect(reused.body.problems.map((p: { message: string }) => p.message).join()).toMatch(
      /quiz id "welcome-check" is also used/,
    );
  });

  it('checks that a translation keeps the quiz structure of the source', async () => {
    const source = (await trainer.agent.get(text('welcome', 'en')).expect(200)).body.source as string;
    const broken = source.replace('id: welcome', 'id: welcome').replace(/- \[ \] case\n {2}.*\n/, '');
    const res = await trainer.agent
      .post(`${text('welcome', 'de')}/check`)
      .send({ source: broken })
      .expect(200);
    expect(res.body.problems.map((p: { message: string }) => p.message).join()).toMatch(
      /quiz "welcome-check" differs in structure/,
    );
  });
});

describe('authoring: revisions and conflicts', () => {
  it('keeps every save as a revision with author and time, and restores an earlier one', async () => {
    const first = await trainer.agent.get(text('practice', 'en')).expect(200);
    const v1 = first.body.source as string;
    const saved = await trainer.agent
      .put(text('practice', 'en'))
      .send({ source: `${v1}\nA second paragraph.\n`, baseRevision: first.body.revision })
      .expect(200);
    expect(saved.body).toEqual({ revision: first.body.revision + 1, saved: true });
    const history = await trainer.agent.get(`${text('practice', 'en')}/revisions`).expect(200);
    expect(history.body.revisions[0]).toMatchObject({ revision: saved.body.revision, author: 'Tina Trainer' });
    expect(Date.parse(history.body.revisions[0].createdAt)).not.toBeNaN();
    expect(history.body.revisions.at(-1)).toMatchObject({ revision: 1, author: null, note: 'loaded from the files' });

    const restored = await trainer.agent
      .post(`${text('practice', 'en')}/revisions/${first.body.revision}/restore`)
      .send({ baseRevision: saved.body.revision })
      .expect(200);
    expect(restored.body.revision).toBe(saved.body.revision + 1);
    const now = await trainer.agent.get(text('practice', 'en')).expect(200);
    expect(now.body.source).toBe(v1);
    const again = await trainer.agent.get(`${text('practice', 'en')}/revisions`).expect(200);
    expect(again.body.revisions[0].note).toBe(`restored revision ${first.body.revision}`);
    await trainer.agent.get(`${text('practice', 'en')}/revisions/999`).expect(404);
  });

  it('gives the second of two trainers a conflict with both versions, and writes nothing', async () => {
    const other = await signedIn(t, 'trainer', 'Otto Other');
    const start = await trainer.agent.get(text('practice', 'en')).expect(200);
    const base = start.body.revision as number;
    await other.agent
      .put(text('practice', 'en'))
      .send({ source: `${start.body.source}\nOtto's line.\n`, baseRevision: base })
      .expect(200);
    const mine = `${start.body.source}\nTina's line.\n`;
    const res = await trainer.agent.put(text('practice', 'en')).send({ source: mine, baseRevision: base }).expect(409);
    expect(res.body.error.details).toMatchObject({
      reason: 'edit_conflict',
      yours: { source: mine, baseRevision: base },
      theirs: { revision: base + 1, author: 'Otto Other', source: expect.stringContaining("Otto's line.") },
    });
    const now = await trainer.agent.get(text('practice', 'en')).expect(200);
    expect(now.body.source).not.toContain("Tina's line.");
    // Saving again on top of theirs is the trainer's explicit choice.
    await trainer.agent
      .put(text('practice', 'en'))
      .send({ source: mine, baseRevision: base + 1 })
      .expect(200);
  });

  it('validates the save body', async () => {
    const res = await trainer.agent.put(text('practice', 'en')).send({ source: 'x' }).expect(400);
    expect(res.body.error.message).toMatch(/baseRevision/);
    await trainer.agent.put(text('practice', 'xx')).send({ source: 'x', baseRevision: 0 }).expect(400);
  });
});

describe('authoring: images', () => {
  const up = (name: string, content: Buffer, alt = 'A picture') =>
    trainer.agent.post(`${COURSE}/modules/practice/images`).field('alt', alt).attach('file', content, name);

  it('stores a PNG with its alt text, by content hash', async () => {
    const res = await up('My Photo.png', PNG, 'A single pixel').expect(201);
    expect(res.body).toMatchObject({
      fileName: 'my-photo.png',
      markdown: '![A single pixel](my-photo.png)',
      url: expect.stringMatching(/^\/api\/assets\/[0-9a-f]{64}\.png$/),
    });
    const image = await trainer.agent.get(res.body.url).expect(200);
    expect(image.headers['content-type']).toBe('image/png');
  });

  it('requires alt text', async () => {
    const res = await up('pixel.png', PNG, '  ').expect(400);
    expect(res.body.error.message).toMatch(/alt text is required/);
  });

  it('refuses a file over 2 MB', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const res = await up('big.png', big).expect(413);
    expect(res.body.error.message).toMatch(/at most 2 MB/);
  });

  it('checks the type by content, not by name', async () => {
    const html = await up('innocent.png', Buffer.from('<html><script>alert(1)</script></html>')).expect(400);
    expect(html.body.error.message).toMatch(/not a PNG, JPEG, WebP or SVG image/);
    const jpegNamedPng = await up('photo.png', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])).expect(400);
    expect(jpegNamedPng.body.error.message).toMatch(/content is JPG: rename it to \.jpg/);
  });

  it.each([
    ['a script element', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', /<script>/],
    ['an onload handler', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', /onload=/],
    [
      'a javascript: link',
      '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
      /href=|javascript/,
    ],
    [
      'an external image',
      '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>',
      /self-contained/,
    ],
  ])('refuses an SVG with %s', async (_what, svg, message) => {
    const res = await up('drawing.svg', Buffer.from(svg)).expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('accepts a plain SVG', async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Box</title><rect width="5" height="5"/></svg>';
    await up('box.svg', Buffer.from(svg), 'A box').expect(201);
  });

  it('is refused to learners', async () => {
    const learner = await signedIn(t, 'learner');
    await learner.agent
      .post(`${COURSE}/modules/practice/images`)
      .field('alt', 'x')
      .attach('file', PNG, 'a.png')
      .expect(403);
  });
});

describe('authoring: publishing', () => {
  it('refuses a draft with errors, naming file and line, and publishes nothing', async () => {
    const current = await trainer.agent.get(text('practice', 'en')).expect(200);
    const broken = `${current.body.source}\n::: quiz\n? No id\n:::\n`;
    const saved = await trainer.agent
      .put(text('practice', 'en'))
      .send({ source: broken, baseRevision: current.body.revision })
      .expect(200);
    const res = await trainer.agent
      .post(`${COURSE}/publish`)
      .send({ release: 'v3', notes: { en: 'Broken.' } })
      .expect(400);
    expect(res.body.error.message).toMatch(/modules\/02-practice\/en\.md:\d+: quiz has no id/);
    expect(res.body.error.details).toMatchObject({
      reason: 'authoring.draft_has_errors',
      count: res.body.error.details.problems.length,
    });
    expect(res.body.error.details.problems[0]).toMatchObject({ file: 'modules/02-practice/en.md' });
    expect(await rows(t.database.db, `select id from releases where id = 'v3'`)).toEqual([]);
    await trainer.agent
      .put(text('practice', 'en'))
      .send({ source: current.body.source, baseRevision: saved.body.revision })
      .expect(200);
  });

  it('validates the release id and notes', async () => {
    await trainer.agent
      .post(`${COURSE}/publish`)
      .send({ release: 'V 3', notes: { en: 'x' } })
      .expect(400);
    const noNotes = await trainer.agent.post(`${COURSE}/publish`).send({ release: 'v3', notes: {} }).expect(400);
    expect(noNotes.body.error.message).toMatch(/notes\.en/);
    expect(noNotes.body.error.details).toEqual({ reason: 'authoring.notes_missing', locale: 'en' });
    const taken = await trainer.agent
      .post(`${COURSE}/publish`)
      .send({ release: 'v2', notes: { en: 'x' } })
      .expect(409);
    expect(taken.body.error.message).toMatch(/already published/);
    expect(taken.body.error.details).toEqual({ reason: 'authoring.release_exists', release: 'v2' });
  });

  it('publishes a valid draft as a new release that learners are offered', async () => {
    const current = await trainer.agent.get(text('practice', 'en')).expect(200);
    await trainer.agent
      .put(text('practice', 'en'))
      .send({
        source: quizModule('practice', 'Practice, revised') + '\n![A single pixel](my-photo.png)\n',
        baseRevision: current.body.revision,
      })
      .expect(200);
    const res = await trainer.agent
      .post(`${COURSE}/publish`)
      .send({ release: 'v3', notes: { en: 'A revised practice module.', it: 'Modulo rivisto.' } })
      .expect(201);
    expect(res.body.outcomes).toEqual([
      { releaseId: 'v1', status: 'unchanged' },
      { releaseId: 'v2', status: 'unchanged' },
      { releaseId: 'v3', status: 'published' },
    ]);
    const course = await (await browserAgent(t.app)).get('/api/courses/sample?lang=en').expect(200);
    expect(JSON.stringify(course.body)).toContain('v3');
    const module = await (
      await browserAgent(t.app)
    )
      .get('/api/courses/sample/releases/v3/modules/practice?lang=en')
      .expect(200);
    expect(module.body.title).toBe('Practice, revised');
    expect(module.body.html).toMatch(/<img src="\/api\/assets\/[0-9a-f]{64}\.png" alt="A single pixel"/);
    expect(module.body.quizzes[0].id).toBe('practice-check');
  });
});

describe('files and browser stay one system', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-export-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exports every release and the draft, which import into a fresh database with identical hashes', async () => {
    await exportCourse(t.database.db, 'sample', dir, { releases: 'all', draft: true });
    expect(fs.readdirSync(path.join(dir, 'sample/releases')).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(fs.existsSync(path.join(dir, 'sample/releases/v3/modules/02-practice/my-photo.png'))).toBe(true);
    const fresh = await openTestDatabase();
    try {
      const [result] = await importCoursesFromDirectory(fresh.db, dir);
      expect(result.error).toBeUndefined();
      const hashes = (db: Db) =>
        rows(db, `select id, manifest_hash from releases where course_id = 'sample' order by id`);
      expect(await hashes(fresh.db)).toEqual(await hashes(t.database.db));
      const versions = (db: Db) =>
        rows(
          db,
          `select l.release_id, l.module_id, l.locale, l.version_hash from release_module_locales l where course_id = 'sample' order by 1, 2, 3`,
        );
      expect(await versions(fresh.db)).toEqual(await versions(t.database.db));
      const drafts = (db: Db) =>
        rows(db, `select module_id, locale, source from draft_texts where course_id = 'sample' order by 1, 2`);
      expect(await drafts(fresh.db)).toEqual(await drafts(t.database.db));
    } finally {
      await fresh.close();
    }
  });

  it('loads the files draft into the browser, refusing to overwrite browser edits unless forced', async () => {
    await exportCourse(t.database.db, 'sample', dir, { releases: 'all', draft: true });
    const loaded = loadCourse(path.join(dir, 'sample'));
    if (!isLoaded(loaded)) throw new Error('exported course does not load');
    // A browser edit since the last sync: the import must refuse.
    await expect(importFilesDraft(t.database.db, loaded, { force: false })).rejects.toThrow(
      /has \d+ change\(s\) made after the files and the browser were last in sync/,
    );

    const file = path.join(dir, 'sample/modules/01-welcome/en.md');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace('This module welcomes you.', 'Welcome, edited in a file.'),
    );
    const edited = loadCourse(path.join(dir, 'sample'));
    if (!isLoaded(edited)) throw new Error('edited course does not load');
    const forced = await importFilesDraft(t.database.db, edited, { force: true });
    expect(forced.changedTexts).toBe(1);
    const res = await trainer.agent.get(text('welcome', 'en')).expect(200);
    expect(res.body.source).toContain('Welcome, edited in a file.');
    // Now in sync: another import needs no force, until the browser changes again.
    await importFilesDraft(t.database.db, edited, { force: false });
    await trainer.agent
      .put(text('welcome', 'en'))
      .send({ source: `${res.body.source}\nMore.\n`, baseRevision: res.body.revision })
      .expect(200);
    await expect(importFilesDraft(t.database.db, edited, { force: false })).rejects.toThrow(/1 change\(s\)/);
  });
});
