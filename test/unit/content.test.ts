import path from 'node:path';
import { isLoaded, loadCourse } from '../../server/src/content/course-loader';
import { translationStatus } from '../../server/src/content/translations';

const fixtures = path.resolve(__dirname, '../fixtures');
const repo = path.resolve(__dirname, '../..');

describe('loadCourse', () => {
  it('loads the sample course, its draft and both releases without problems', () => {
    const course = loadCourse(path.join(fixtures, 'courses/sample'), repo);
    if (!isLoaded(course)) throw new Error('not loaded');
    expect(course.problems).toEqual([]);
    expect(course.releases.map((r) => r.meta.id)).toEqual(['v1', 'v2']);
    const welcome = course.draft[0];
    expect(welcome.id).toBe('welcome');
    expect(welcome.titles).toEqual({ en: 'Welcome', it: 'Benvenuti', de: 'Willkommen' });
    expect(welcome.assets.map((a) => a.fileName)).toEqual(['diagram.svg']);
    expect(welcome.locales[0].html).toMatch(/src="\/api\/assets\/[0-9a-f]{64}\.svg"/);
  });

  it('gives an unchanged module the same content hash in every release', () => {
    const course = loadCourse(path.join(fixtures, 'courses/sample'), repo);
    if (!isLoaded(course)) throw new Error('not loaded');
    const hash = (r: number, m: number) => course.releases[r].modules[m].locales[0].versionHash;
    expect(hash(0, 0)).toBe(hash(1, 0));
    expect(hash(0, 1)).not.toBe(hash(1, 1));
  });

  it('names the file and line of every problem', () => {
    const course = loadCourse(path.join(fixtures, 'broken-courses/broken'), repo);
    const lines = course.problems.map((p) => `${p.file}:${p.line}: ${p.severity}: ${p.message}`);
    const en = 'test/fixtures/broken-courses/broken/modules/01-bad/en.md';
    const it = 'test/fixtures/broken-courses/broken/modules/01-bad/it.md';
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${en}:11: error: image "missing.png" has no alt text`)),
        expect.stringMatching(new RegExp(`^${en}:11: error: image file "missing.png" does not exist`)),
        expect.stringMatching(new RegExp(`^${en}:14: error: question has no correct option`)),
        expect.stringMatching(new RegExp(`^${en}:17: error: option has no feedback`)),
        expect.stringMatching(new RegExp(`^${en}:20: error: unknown container "quizz"`)),
        expect.stringMatching(new RegExp(`^${it}:9: error: quiz "bad-quiz" differs in structure`)),
      ]),
    );
  });

  it('reports YAML mistakes at the line of the offending key', () => {
    const course = loadCourse(path.join(fixtures, 'bad-yaml/badyaml'), repo);
    expect(course.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/course\.yaml:5: "passMark" must be between 0 and 1/),
        expect.stringMatching(/course\.yaml:2: "defaultLocale" must be a language code/),
      ]),
    );
  });

  it('tells which translations are current, stale, title-only or missing', () => {
    const course = loadCourse(path.join(fixtures, 'courses/sample'), repo);
    if (!isLoaded(course)) throw new Error('not loaded');
    const rows = translationStatus(course.meta, course.draft);
    const status = (module: string, locale: string) =>
      rows.find((r) => r.moduleId === module && r.locale === locale)?.status;
    expect(status('welcome', 'en')).toBe('source');
    expect(status('welcome', 'it')).toBe('stale');
    expect(status('welcome', 'de')).toBe('title-only');
    expect(status('practice', 'it')).toBe('missing');
  });
});
