import path from 'node:path';
import { isLoaded, loadCourse } from '../../server/src/content/course-loader';
import { translationStatus } from '../../server/src/content/translations';
import type { LoadedCourse, LoadedModule } from '../../server/src/content/types';
import { manifestOf } from '../../server/src/releases/service';

const repo = path.resolve(__dirname, '../..');
const loaded = loadCourse(path.join(repo, 'courses/codesign'), repo);
if (!isLoaded(loaded)) throw new Error(`courses/codesign does not load: ${JSON.stringify(loaded.problems)}`);
const course: LoadedCourse = loaded;
const release = (id: string) => course.releases.find((r) => r.meta.id === id)!;
const CITIES = ['athens', 'bologna', 'dusseldorf', 'grenoble-alpes-metropole', 'oulu', 'prague', 'zagreb', 'zaragoza'];

describe('the codesign course', () => {
  it('has no content errors, and no warnings but the knowledge-check check of its one-page modules', () => {
    const knowledgeCheck =
      /: (quiz "[a-z0-9-]+" question \d+: its options differ in length|the correct option is the longest)/;
    expect(
      course.problems
        .filter((p) => p.severity === 'error' || !knowledgeCheck.test(`: ${p.message}`))
        .map((p) => `${p.file}:${p.line}: ${p.message}`),
    ).toEqual([]);
  });

  it('has the 2022 pilot with modules 1-6 and the 2024 conference release with modules 1-8', () => {
    const ids = (m: LoadedModule[]) => m.map((x) => x.id);
    const all = [
      'why-codesign',
      'stakeholder-coordination',
      'involving-migrants',
      'codesign-methods',
      'strategy-action-plan',
      'participatory-evaluation',
      'cities-journeys',
      'passing-it-on',
    ];
    expect(course.meta.releases).toEqual(['2022-pilot', '2024-conference']);
    expect(ids(release('2022-pilot').modules)).toEqual(all.slice(0, 6));
    expect(ids(release('2024-conference').modules)).toEqual(all);
  });

  it('revised every pilot module for the conference release', () => {
    for (const pilot of release('2022-pilot').modules) {
      const revised = release('2024-conference').modules.find((m) => m.id === pilot.id)!;
      expect(`${pilot.id}: ${revised.locales[0].versionHash !== pilot.locales[0].versionHash}`).toBe(
        `${pilot.id}: true`,
      );
    }
  });

  it('keeps the working draft equal to the conference release', () => {
    const draft = manifestOf({ meta: release('2024-conference').meta, modules: course.draft });
    expect(draft.hash).toBe(manifestOf(release('2024-conference')).hash);
  });

  it('is complete in English, Italian and German, with titles in the other partner languages', () => {
    const rows = translationStatus(course.meta, release('2024-conference').modules);
    const byLocale = (locale: string) => [...new Set(rows.filter((r) => r.locale === locale).map((r) => r.status))];
    expect(byLocale('en')).toEqual(['source']);
    expect(byLocale('it')).toEqual(['current']);
    expect(byLocale('de')).toEqual(['current']);
    for (const locale of ['fr', 'es', 'el', 'fi', 'cs', 'hr'])
      expect(`${locale}: ${byLocale(locale)}`).toBe(`${locale}: title-only`);
    for (const key of ['title', 'summary'] as const)
      expect(Object.keys(course.meta[key]).sort()).toEqual([...course.meta.locales].sort());
  });

  it.each(['2022-pilot', '2024-conference'])(
    '%s: every module teaches, checks and asks the learner to apply it',
    (id) => {
      for (const module of release(id).modules) {
        const en = module.locales.find((l) => l.locale === 'en')!;
        const where = `${id}/${module.id}`;
        expect(`${where} minutes ${en.frontMatter.minutes >= 15 && en.frontMatter.minutes <= 40}`).toBe(
          `${where} minutes true`,
        );
        expect(`${where} quiz questions ${Math.max(...en.quizzes.map((q) => q.questions.length)) >= 3}`).toBe(
          `${where} quiz questions true`,
        );
        expect(`${where} reflection/activity ${en.reflections.length > 0 || /::: activity/.test(en.body)}`).toBe(
          `${where} reflection/activity true`,
        );
        expect(`${where} sources ${/^## Sources$/m.test(en.body)}`).toBe(`${where} sources true`);
      }
    },
  );

  it('tells the story of the eight partner cities in case boxes', () => {
    const cities = release('2024-conference').modules.find((m) => m.id === 'cities-journeys')!.locales[0];
    const slugs = [...cities.body.matchAll(/^::: case (\S+)/gm)].map((m) => m[1]);
    expect(slugs.sort()).toEqual(CITIES);
    for (const module of course.draft)
      for (const l of module.locales)
        for (const m of l.body.matchAll(/^::: case (\S+)/gm)) expect(CITIES).toContain(m[1]);
  });
});
