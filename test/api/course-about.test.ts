import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { createTestApp, FIXTURE_COURSES, type TestApp } from '../support/app';

const ROOT = path.resolve(__dirname, '../..');
jest.setTimeout(60_000);

const ABOUT = `makers:
  en: The Sample project, with its partners
  it: Il progetto Sample, con i suoi partner
outcomes:
  en:
    - Find your way around a course.
    - Pass a knowledge check.
image:
  file: cover.svg
  alt:
    en: Two overlapping circles.
    de: Zwei überlappende Kreise.
`;
const COVER = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9"><circle cx="8" cy="4" r="3"/></svg>\n';

/** A copy of the fixture courses whose sample course.yaml has `about` inserted before its release list. */
function coursesWith(about: string, cover = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-about-'));
  fs.cpSync(FIXTURE_COURSES, dir, { recursive: true });
  const yaml = path.join(dir, 'sample/course.yaml');
  fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('releases:', `${about}releases:`));
  if (cover) fs.writeFileSync(path.join(dir, 'sample/cover.svg'), COVER);
  return dir;
}

function validate(dir: string) {
  const result = spawnSync(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    ['scripts/course.ts', 'validate', 'sample', '--courses-dir', dir],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: result.status, out: result.stdout };
}

/** Line of the first line of course.yaml (with `about` inserted) that matches. */
const lineOf = (about: string, pattern: RegExp) => {
  const base = fs.readFileSync(path.join(FIXTURE_COURSES, 'sample/course.yaml'), 'utf8').split('\n');
  const lines = [
    ...base.slice(
      0,
      base.findIndex((l) => l.startsWith('releases:')),
    ),
    ...about.split('\n'),
  ];
  return lines.findIndex((l) => pattern.test(l)) + 1;
};

describe('course.yaml: makers, outcomes and picture', () => {
  it('passes validation when they are well formed', () => {
    const r = validate(coursesWith(ABOUT));
    expect(r.out).toMatch(/0 error\(s\)/);
    expect(r.code).toBe(0);
  });

  it.each([
    [
      'an empty outcome list',
      ABOUT.replace(/ {2}en:\n {4}- Find.*\n {4}- Pass.*\n/, '  en: []\n'),
      /^ {2}en: \[\]/,
      /"outcomes\.en" must list at least one outcome/,
    ],
    [
      'makers in a language the course does not have',
      ABOUT.replace('  it: Il progetto', '  fr: Le projet'),
      /^ {2}fr: Le projet/,
      /"makers\.fr" is not one of the course's locales/,
    ],
    [
      'makers without the default language',
      ABOUT.replace(/ {2}en: The Sample project.*\n/, ''),
      /^ {2}it: Il progetto/,
      /"makers" must have a "en" entry \(the default locale\)/,
    ],
    [
      'a picture whose file is not in the course folder',
      ABOUT.replace('file: cover.svg', 'file: missing.png'),
      /file: missing\.png/,
      /"image\.file" names missing\.png, which is not in the course folder/,
    ],
    [
      'a picture that is not an image',
      ABOUT.replace('file: cover.svg', 'file: notes.txt'),
      /file: notes\.txt/,
      /"image\.file" must be a file name in the course folder ending in \.png/,
    ],
    [
      'a picture without alt text in the default language',
      ABOUT.replace(/ {4}en: Two overlapping circles\.\n/, ''),
      /^ {4}de: Zwei/,
      /"image\.alt" must have a "en" entry/,
    ],
    ['an unknown key', `${ABOUT}partners: [a, b]\n`, /^partners:/, /unrecognized key.*"partners"/i],
  ])('refuses %s, naming file and line', (_what, about, linePattern, message) => {
    const r = validate(coursesWith(about));
    expect(r.code).toBe(1);
    const line = lineOf(about, linePattern);
    expect(line).toBeGreaterThan(0);
    const reported = r.out.split('\n').find((l) => message.test(l));
    expect(reported).toBeDefined();
    expect(reported).toMatch(new RegExp(`course\\.yaml:${line}: error: `));
  });
});

describe('the catalogue', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = coursesWith(ABOUT);
    t = await createTestApp({ coursesDir: dir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives who made the course, the outcomes and the picture in the reader language, saying which language it used', async () => {
    const list = (await t.request.get('/api/courses?lang=it').expect(200)).body.courses;
    const sample = list.find((c: { id: string }) => c.id === 'sample');
    expect(sample.makers).toEqual({ text: 'Il progetto Sample, con i suoi partner', locale: 'it' });
    // No Italian outcomes or alt text: the default language, marked as such.
    expect(sample.outcomes).toEqual({
      items: ['Find your way around a course.', 'Pass a knowledge check.'],
      locale: 'en',
    });
    expect(sample.image).toEqual({
      url: expect.stringMatching(/^\/api\/assets\/[0-9a-f]{64}\.svg$/),
      alt: 'Two overlapping circles.',
      altLocale: 'en',
    });

    const course = (await t.request.get('/api/courses/sample?lang=de').expect(200)).body;
    expect(course.makers).toEqual({ text: 'The Sample project, with its partners', locale: 'en' });
    expect(course.image.alt).toBe('Zwei überlappende Kreise.');
    const picture = await t.request.get(course.image.url).buffer(true).expect(200);
    expect(picture.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(picture.text || Buffer.from(picture.body as Buffer).toString('utf8')).toBe(COVER);
  });

  it('forgets them when course.yaml no longer names them', async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-bare-'));
    fs.cpSync(FIXTURE_COURSES, bare, { recursive: true });
    const [result] = await importCoursesFromDirectory(t.database.db, bare);
    fs.rmSync(bare, { recursive: true, force: true });
    expect(result.error).toBeUndefined();
    const course = (await t.request.get('/api/courses/sample').expect(200)).body;
    expect(course).toMatchObject({ makers: null, outcomes: null, image: null });
  });
});
