import path from 'node:path';
import JSZip from 'jszip';
import { PDFParse } from 'pdf-parse';
import { createHash } from 'node:crypto';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { createTestApp, type TestApp } from '../support/app';

const STEP_COURSES = path.resolve(__dirname, '../fixtures/step-courses');
const REPO_COURSES = path.resolve(__dirname, '../../courses');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ coursesDir: STEP_COURSES });
  const codesign = await importCoursesFromDirectory(t.database.db, REPO_COURSES, { only: 'codesign' });
  expect(codesign[0].error).toBeUndefined();
});
afterAll(() => t.close());

const base = '/api/courses/steps/releases/r1';
const binary = (
  res: { on: (e: string, f: (c?: Buffer) => void) => void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c?: Buffer) => chunks.push(c!));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('steps', () => {
  it('lists a module’s steps with kinds, titles and minutes', async () => {
    const res = await t.request.get(`${base}/modules/mapping`).expect(200);
    expect(res.body.steps).toEqual([
      { id: 'why-map', kind: 'article', title: 'Why map stakeholders', minutes: 1 },
      { id: 'map-your-city', kind: 'activity', title: 'Map your city', minutes: 11 },
      { id: 'check-mapping', kind: 'quiz', title: 'Check your understanding', minutes: 1 },
      { id: 'who-is-missing', kind: 'reflection', title: 'Who is missing', minutes: 1 },
    ]);
  });

  it('serves one step with its place, neighbours, quizzes, resource links and glossary terms', async () => {
    const res = await t.request.get(`${base}/modules/mapping/steps/map-your-city?lang=it`).expect(200);
    expect(res.body.step).toMatchObject({
      id: 'map-your-city',
      kind: 'activity',
      title: 'Mappa la tua città',
      position: 2,
      count: 4,
      previous: { id: 'why-map', title: 'Perché mappare gli attori' },
      next: { id: 'check-mapping', title: 'Verifica' },
    });
    expect(res.body.step.html).toContain(
      '<a href="/api/courses/steps/releases/r1/resources/stakeholder-map.docx?lang=it" data-resource="stakeholder-map" data-pdf="/api/courses/steps/releases/r1/resources/stakeholder-map.pdf?lang=it" class="resource-link">',
    );
    expect(res.body.step.html).not.toContain('Perché mappare');
    expect(res.body.quizzes).toEqual([]);
    const quiz = await t.request.get(`${base}/modules/mapping/steps/check-mapping`).expect(200);
    expect(quiz.body.quizzes.map((q: { id: string }) => q.id)).toEqual(['mapping-check']);
    const first = await t.request.get(`${base}/modules/mapping/steps/why-map`).expect(200);
    expect(first.body.step.html.match(/data-term="stakeholder"/g)).toHaveLength(1);
    expect(first.body.step.html.match(/data-term="co-design"/g)).toHaveLength(1);
    expect(first.body.step.html).toContain('aria-describedby="term-stakeholder">stakeholder</button>');
  });

  it('says which steps exist when asked for one that does not', async () => {
    const res = await t.request.get(`${base}/modules/mapping/steps/nope`).expect(404);
    expect(res.body.error.message).toContain('Its steps are: why-map, map-your-city, check-mapping, who-is-missing');
    await t.request.get(`${base}/modules/mapping/steps/Bad_Id`).expect(400);
  });

  it('serves the 2022 and 2024 modules as one step, all, with byte-identical text', async () => {
    const golden = require('../fixtures/published-html-hashes.json') as Record<string, string>;
    for (const [key, hash] of Object.entries(golden)) {
      const [release, module, locale] = key.split('/');
      const url = `/api/courses/codesign/releases/${release}/modules/${module}`;
      const whole = await t.request.get(`${url}?lang=${locale}`).expect(200);
      const step = await t.request.get(`${url}/steps/all?lang=${locale}`).expect(200);
      expect(`${key} ${createHash('sha256').update(whole.body.html).digest('hex')}`).toBe(`${key} ${hash}`);
      expect(`${key} ${createHash('sha256').update(step.body.step.html).digest('hex')}`).toBe(`${key} ${hash}`);
      expect(whole.body.steps).toEqual([
        { id: 'all', kind: 'article', title: whole.body.title, minutes: whole.body.minutes },
      ]);
    }
  });
});

type ReadableChange = {
  before: { text: string }[];
  after: { id: string; title: string; blocks: { text: string }[] }[];
};

describe('the 2026 edition', () => {
  it('the compare page lists its changes for every module, in English, Italian and German', async () => {
    const res = await t.request
      .get('/api/courses/codesign/compare?from=2024-conference&to=2026-edition&lang=en')
      .expect(200);
    expect(res.body.changed).toHaveLength(8);
    for (const module of res.body.changed as { locales: { locale: string; status: string }[] }[])
      expect(module.locales.filter((l) => ['en', 'it', 'de'].includes(l.locale)).map((l) => l.status)).toEqual([
        'changed',
        'changed',
        'changed',
      ]);
    // As readers read it: the older text whole, the newer by step; no Markdown or front matter left.
    const english = (res.body.changed as { locales: { locale: string; text: ReadableChange }[] }[]).map(
      (m) => m.locales.find((l) => l.locale === 'en')!.text,
    );
    for (const text of english) {
      expect(text.after.length).toBeGreaterThanOrEqual(4);
      expect(text.after.every((s) => s.id !== 'all' && s.title)).toBe(true);
      const words = [...text.before, ...text.after.flatMap((s) => s.blocks)].map((b) => b.text);
      expect(text.before.length).toBeGreaterThan(0);
      expect(words.filter((w) => /\*\*|^#|:::|^---|^id: |\]\(/.test(w))).toEqual([]);
    }
  });
});

describe('resources', () => {
  it('lists the release’s resources with their download addresses', async () => {
    const res = await t.request.get(`${base}/resources?lang=it`).expect(200);
    expect(res.body.resources).toEqual([
      {
        id: 'stakeholder-map',
        locale: 'it',
        title: 'Griglia della mappa degli attori',
        description: 'Una griglia per elencare chi è toccato e chi influenza un processo di co-progettazione.',
        docx: `${base}/resources/stakeholder-map.docx?lang=it`,
        pdf: `${base}/resources/stakeholder-map.pdf?lang=it`,
      },
    ]);
  });

  it('delivers a DOCX that opens as a Word archive holding the text', async () => {
    const res = await t.request
      .get(`${base}/resources/stakeholder-map.docx?lang=it`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stakeholder-map-it.docx"');
    const zip = await JSZip.loadAsync(res.body as Buffer);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Griglia della mappa degli attori');
    expect(xml).toContain('Associazione di residenti');
    expect(xml).toContain('<w:tbl>');
  });

  it('delivers a PDF whose text is the resource', async () => {
    const res = await t.request.get(`${base}/resources/stakeholder-map.pdf`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = (await new PDFParse({ data: new Uint8Array(res.body as Buffer) }).getText()).text;
    expect(text).toContain('Stakeholder map grid');
    expect(text).toContain('How to use it');
    expect(text).toContain('Residents’ association');
    expect(text).toContain('Steps course · First edition in steps · CC-BY-SA-4.0');
  });

  it('refuses unknown resources and formats with a message', async () => {
    const missing = await t.request.get(`${base}/resources/nope.pdf`).expect(404);
    expect(missing.body.error.message).toContain('has no resource "nope"');
    const odt = await t.request.get(`${base}/resources/stakeholder-map.odt`).expect(400);
    expect(odt.body.error.message).toContain('ask for <resource-id>.docx or <resource-id>.pdf');
  });
});

describe('glossary', () => {
  it('gives the release’s terms in the reader’s language, alphabetically', async () => {
    const res = await t.request.get(`${base}/glossary?lang=it`).expect(200);
    expect(res.body.locale).toBe('it');
    expect(res.body.terms.map((x: { term: string }) => x.term)).toEqual(['attore', 'co-progettazione']);
    const en = await t.request.get(`${base}/glossary`).expect(200);
    expect(en.body.terms.map((x: { id: string }) => x.id)).toEqual(['action-plan', 'co-design', 'stakeholder']);
  });

  it('stores resources and the glossary with the release, in its hash', async () => {
    const again = await importCoursesFromDirectory(t.database.db, STEP_COURSES);
    expect(again[0].outcomes).toEqual([{ releaseId: 'r1', status: 'unchanged' }]);
  });
});
