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

  it('has the 2022 pilot with modules 1-6, and the 2024 conference release and the 2026 edition with modules 1-8', () => {
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
    expect(course.meta.releases).toEqual(['2022-pilot', '2024-conference', '2026-edition']);
    expect(ids(release('2022-pilot').modules)).toEqual(all.slice(0, 6));
    expect(ids(release('2024-conference').modules)).toEqual(all);
    expect(ids(release('2026-edition').modules)).toEqual(all);
  });

  it('revised every pilot module for the conference release', () => {
    for (const pilot of release('2022-pilot').modules) {
      const revised = release('2024-conference').modules.find((m) => m.id === pilot.id)!;
      expect(`${pilot.id}: ${revised.locales[0].versionHash !== pilot.locales[0].versionHash}`).toBe(
        `${pilot.id}: true`,
      );
    }
  });

  it('keeps the working draft equal to the 2026 edition', () => {
    const edition = release('2026-edition');
    const draft = manifestOf({ ...edition, modules: course.draft });
    expect(draft.hash).toBe(manifestOf(edition).hash);
  });

  it.each(['2024-conference', '2026-edition'])(
    '%s is complete in English, Italian and German, with titles in the other partner languages',
    (id) => {
      const rows = translationStatus(course.meta, release(id).modules);
      const byLocale = (locale: string) => [...new Set(rows.filter((r) => r.locale === locale).map((r) => r.status))];
      expect(byLocale('en')).toEqual(['source']);
      expect(byLocale('it')).toEqual(['current']);
      expect(byLocale('de')).toEqual(['current']);
      for (const locale of ['fr', 'es', 'el', 'fi', 'cs', 'hr'])
        expect(`${locale}: ${byLocale(locale)}`).toBe(`${locale}: title-only`);
      for (const key of ['title', 'summary'] as const)
        expect(Object.keys(course.meta[key]).sort()).toEqual([...course.meta.locales].sort());
    },
  );

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

  describe('the 2026 edition', () => {
    const edition = () => release('2026-edition');

    it('has no content problem at all: the knowledge-check check is an error for it and passes', () => {
      const dir = 'releases/2026-edition/';
      expect(
        course.problems.filter((p) => p.file.includes(dir)).map((p) => `${p.file}:${p.line}: ${p.message}`),
      ).toEqual([]);
    });

    it.each(['en', 'it', 'de'])('%s: every module has 4-7 steps of at most 1,200 words and 20-45 minutes', (locale) => {
      for (const module of edition().modules) {
        const text = module.locales.find((l) => l.locale === locale)!;
        const where = `${locale}/${module.id}`;
        const minutes = text.steps.reduce((sum, st) => sum + st.minutes, 0);
        expect(`${where}: ${text.steps.length} steps`).toMatch(/: [4-7] steps$/);
        expect(`${where}: longest step ${Math.max(...text.steps.map((st) => st.words)) <= 1200}`).toBe(
          `${where}: longest step true`,
        );
        expect(`${where}: ${minutes >= 20 && minutes <= 45}`).toBe(`${where}: true`);
      }
    });

    it('gives every module a template, a discussion prompt, a reflection and five single-answer questions', () => {
      for (const module of edition().modules) {
        const en = module.locales.find((l) => l.locale === 'en')!;
        expect(`${module.id}: ${en.resourceLinks.length > 0}`).toBe(`${module.id}: true`);
        expect(`${module.id}: ${/^::: discuss [a-z0-9-]+$/m.test(en.body)}`).toBe(`${module.id}: true`);
        expect(`${module.id}: ${en.reflections.length > 0}`).toBe(`${module.id}: true`);
        const questions = en.quizzes.flatMap((q) => q.questions);
        expect(`${module.id}: ${questions.length}`).toBe(`${module.id}: 5`);
        for (const q of questions) expect(q.options.filter((o) => o.correct)).toHaveLength(1);
      }
    });

    it('keeps city facts in Module 7 and names sources by title, never by file', () => {
      for (const module of edition().modules)
        for (const l of module.locales) {
          const where = `${l.locale}/${module.id}`;
          expect(`${where}: ${/\d{3}_[0-9a-f]{16}\.txt/.test(l.body)}`).toBe(`${where}: false`);
          if (module.id === 'cities-journeys') continue;
          expect(`${where}: ${/House of Cultures|Casa delle Culture|Haus der Kulturen|20[.,]000/.test(l.body)}`).toBe(
            `${where}: false`,
          );
        }
    });

    it('ships eight or more templates and a glossary of at least 30 terms in English, Italian and German', () => {
      const resources = edition().resources ?? [];
      for (const id of [
        'stakeholder-map',
        'coordination-group-tor',
        'codesign-canvas',
        'idea-log',
        'action-plan-line',
        'indicator-sheet',
        'mentoring-agreement',
        'safeguarding-checklist',
      ])
        expect(`${id}: ${resources.some((r) => r.id === id)}`).toBe(`${id}: true`);
      for (const locale of ['en', 'it', 'de']) {
        const glossary = edition().glossary?.find((g) => g.locale === locale);
        expect(`${locale}: ${(glossary?.terms.length ?? 0) >= 30}`).toBe(`${locale}: true`);
      }
    });
  });
});
