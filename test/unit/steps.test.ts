import path from 'node:path';
import { createHash } from 'node:crypto';
import { checkModules, checkCourseExtras } from '../../server/src/content/checks';
import { isLoaded, loadCourse } from '../../server/src/content/course-loader';
import { parseModuleText } from '../../server/src/content/module-text';
import type { FileProblem, LoadedCourse, LoadedModule } from '../../server/src/content/types';
import { renderMarkdown } from '../../server/src/lib/markdown/render';
import { parseSteps } from '../../server/src/lib/markdown/steps';

const repo = path.resolve(__dirname, '../..');
const fixture = path.join(repo, 'test/fixtures/step-courses/steps');

function load(dir: string): LoadedCourse {
  const course = loadCourse(dir, repo);
  if (!isLoaded(course)) throw new Error(JSON.stringify(course.problems));
  return course;
}

const step = (id: string, kind: string, body: string) =>
  `:::: step ${id} ${kind}\n## Title of ${id}\n\n${body}\n::::\n`;
const fourSteps = (extra = '') =>
  [
    step('one', 'article', 'Text.'),
    step('two', 'activity', extra || 'More.'),
    step('three', 'quiz', 'Q.'),
    step('four', 'reflection', 'R.'),
  ].join('\n');
const lines = (problems: { line: number; severity: string; message: string }[]) =>
  problems.map((p) => `${p.line}: ${p.severity}: ${p.message}`);

describe('steps in a module', () => {
  it('reads the fixture course: ids, kinds, titles and minutes from words and activities', () => {
    const course = load(fixture);
    expect(course.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const en = course.draft[0].locales.find((l) => l.locale === 'en')!;
    expect(en.steps.map((s) => `${s.id} ${s.kind} "${s.title}" ${s.minutes}`)).toEqual([
      'why-map article "Why map stakeholders" 1',
      'map-your-city activity "Map your city" 11',
      'check-mapping quiz "Check your understanding" 1',
      'who-is-missing reflection "Who is missing" 1',
    ]);
    expect(en.steps[0].line).toBe(9);
    expect(en.resourceLinks).toEqual([{ id: 'stakeholder-map', line: 19 }]);
    expect(course.draftResources.map((r) => r.id)).toEqual(['stakeholder-map']);
    expect(course.draftGlossary.map((g) => g.locale)).toEqual(['en', 'it']);
    expect(course.releases[0].resources?.length).toBe(1);
  });

  it('counts minutes as ceil(words / 180) plus the activities', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const { steps } = parseSteps(fourSteps(`${words}\n\n::: activity minutes=7 Do it\nGo.\n:::`));
    expect(steps[1].words).toBeGreaterThan(200);
    expect(steps[1].minutes).toBe(2 + 7);
  });

  it('treats a module without step containers as having none (it is shown as one step, all)', () => {
    expect(parseSteps('Intro.\n\n## A section\n\nText.\n')).toEqual({ steps: [], problems: [] });
  });

  it('reports wrong kinds, duplicate ids, missing titles, stray text and step counts at their lines', () => {
    const body = [
      'Stray text.',
      ':::: step one article',
      '## One',
      '::::',
      ':::: step one lecture',
      'No heading here.',
      '::::',
      ':::: step Bad_Id quiz',
      '## Bad',
      '::::',
    ].join('\n');
    expect(lines(parseSteps(body, 6).problems)).toEqual([
      '11: error: step id "one" is used twice in this module',
      '11: error: step kind "lecture" is not one of article, activity, quiz, reflection, discussion',
      '12: error: a step starts with its title as a level-2 heading: `## <Step title>`',
      '14: error: step needs an id of lowercase letters, digits and hyphens: `:::: step <id> <kind>`',
      '7: error: text outside any step: in a module with steps, every line belongs to a `:::: step`',
      '8: error: module has 3 step(s): give it 4 to 7',
    ]);
  });

  it('refuses a step of more than 1,200 words and an unclosed step', () => {
    const long = Array.from({ length: 1201 }, () => 'word').join(' ');
    expect(lines(parseSteps(fourSteps(long)).problems)).toEqual([
      '7: error: step "two" has 1204 words: a step has at most 1200; split it into two steps',
    ]);
    expect(lines(parseSteps(fourSteps().replace(/::::\n$/, '')).problems)).toEqual([
      '19: error: step "four" is not closed: add a line with only `::::`',
    ]);
  });

  it('renders steps as sections, discuss prompts as boxes, and accepts activity minutes', () => {
    const html = renderMarkdown(
      `${step('one', 'article', '::: activity minutes=5 Try\nGo.\n:::\n\n::: discuss talk-1\nWhat do you think?\n:::')}`,
    );
    expect(html.problems).toEqual([]);
    expect(html.html).toContain('<section class="step" id="step-one" data-step="one" data-kind="article">');
    expect(html.html).toContain('<section class="box box-activity" data-minutes="5">');
    expect(html.html).toContain('<h3 class="box-title">Try</h3>');
    expect(html.html).toContain('data-discuss="talk-1"');
    expect(lines(renderMarkdown('::: step one article\n## x\n:::\n').problems)).toEqual([
      '1: error: a step opens with four colons: `:::: step <id> <kind>`, closed by `::::`',
      '3: error: `:::` closes nothing: remove it or open a container above',
    ]);
  });

  it('a translation keeps the steps of its source', () => {
    const problems: FileProblem[] = [];
    const fm = (locale: string) => `---\nid: m\ntitle: M ${locale}\nminutes: 5\nobjectives: [x]\n---\n`;
    const en = parseModuleText(fm('en') + fourSteps(), 'en', 'm/en.md', [], problems)!;
    const it = parseModuleText(
      fm('it') + fourSteps().replace('step two activity', 'step due activity'),
      'it',
      'm/it.md',
      [],
      problems,
    )!;
    const module: LoadedModule = {
      dir: 'm',
      slug: 'm',
      position: 1,
      id: 'm',
      titles: {},
      locales: [en, it],
      assets: [],
    };
    checkModules(
      {
        id: 'c',
        defaultLocale: 'en',
        locales: ['en', 'it'],
        licence: 'x',
        passMark: 0.5,
        title: {},
        summary: {},
        releases: [],
      },
      [module],
      problems,
    );
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      "m/it.md:7: steps differ from m/en.md: a translation keeps the source's step ids and kinds in the same order (one article, two activity, three quiz, four reflection)",
    ]);
  });
});

describe('the knowledge-check check', () => {
  const meta = {
    id: 'c',
    defaultLocale: 'en',
    locales: ['en'],
    licence: 'x',
    passMark: 0.5,
    title: {},
    summary: {},
    releases: [],
  };
  const quiz = [
    '::: quiz q',
    '? First?',
    '- [ ] Short one.',
    '  No.',
    '- [x] The right answer, written much longer than the rest.',
    '  Yes.',
    '? Second?',
    '- [ ] Wrong answer here.',
    '  No.',
    '- [x] The right answer is longest.',
    '  Yes.',
    ':::',
  ].join('\n');
  const check = (body: string) => {
    const problems: FileProblem[] = [];
    const l = parseModuleText(
      `---\nid: m\ntitle: M\nminutes: 5\nobjectives: [x]\n---\n${body}`,
      'en',
      'm/en.md',
      [],
      problems,
    )!;
    const module: LoadedModule = { dir: 'm', slug: 'm', position: 1, id: 'm', titles: {}, locales: [l], assets: [] };
    checkCourseExtras(meta, [module], [], [], problems);
    return problems.map((p) => `${p.line}: ${p.severity}: ${p.message}`);
  };

  it('warns for a one-page module of an older release', () => {
    expect(check(`Intro.\n\n${quiz}\n`)).toEqual([
      expect.stringMatching(/^9: warning: quiz "q" question 1: its options differ in length by more than 3×/),
      '9: warning: the correct option is the longest in 2 of 2 single-answer questions (more than 40 %): a learner could pass by picking the longest; vary which option is longest',
    ]);
  });

  it('is an error for a module written in steps, and passes balanced questions', () => {
    expect(check(fourSteps(quiz))).toEqual([
      expect.stringMatching(/^16: error: quiz "q" question 1: its options differ/),
      expect.stringMatching(/^16: error: the correct option is the longest in 2 of 2/),
    ]);
    const balanced = quiz
      .replace('Short one.', 'A wrong answer, also long, longer than any.')
      .replace('The right answer, written much longer than the rest.', 'The right answer.')
      .replace('The right answer is longest.', 'Right.');
    expect(check(fourSteps(balanced))).toEqual([]);
  });
});

describe('resources and glossary checks', () => {
  it('reports a broken resource link and terms missing from a translation', () => {
    const course = load(fixture);
    expect(course.problems.map((p) => `${p.file}:${p.line}: ${p.severity}: ${p.message}`)).toEqual([
      'test/fixtures/step-courses/steps/glossary/it.yaml:1: warning: term "action-plan" (action plan) of en.yaml is missing from this translation',
      'test/fixtures/step-courses/steps/releases/r1/glossary/it.yaml:1: warning: term "action-plan" (action plan) of en.yaml is missing from this translation',
    ]);
    const problems: FileProblem[] = [];
    const l = parseModuleText(
      `---\nid: m\ntitle: M\nminutes: 5\nobjectives: [x]\n---\n[grid](resource:nope)\n`,
      'en',
      'm/en.md',
      [],
      problems,
    )!;
    checkCourseExtras(
      course.meta,
      [{ dir: 'm', slug: 'm', position: 1, id: 'm', titles: {}, locales: [l], assets: [] }],
      course.draftResources,
      [],
      problems,
    );
    expect(problems.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '7: resource "nope" does not exist: add resources/nope/en.md or fix the link',
    ]);
  });
});

describe('glossary terms and resource links in a rendered step', () => {
  const glossary = [
    { id: 'stakeholder', term: 'stakeholder', definition: 'Anyone affected.', aliases: ['stakeholders'] },
  ];

  it('marks only the first use of a term or alias, not in headings or links', () => {
    const { html } = renderMarkdown(
      '## Stakeholders\n\n[stakeholders](https://example.org) are here. Stakeholders matter; a stakeholder too.\n',
      {
        glossary,
      },
    );
    expect(html.match(/<dfn/g)?.length).toBe(1);
    expect(html).toContain(
      '<dfn class="glossary-term" data-term="stakeholder"><button type="button" class="glossary-button" aria-describedby="term-stakeholder">Stakeholders</button><span role="tooltip" id="term-stakeholder" class="glossary-tip">Anyone affected.</span></dfn> matter',
    );
    expect(html).toContain('<h2>Stakeholders</h2>');
  });

  it('turns resource links into download links, and reports unknown ones', () => {
    const resolveResource = (id: string) => (id === 'grid' ? { docx: '/g.docx', pdf: '/g.pdf' } : undefined);
    const ok = renderMarkdown('Use the [grid](resource:grid).', { resolveResource });
    expect(ok.html).toContain(
      '<a href="/g.docx" data-resource="grid" data-pdf="/g.pdf" class="resource-link">grid</a>',
    );
    expect(lines(renderMarkdown('[x](resource:other)', { resolveResource }).problems)).toEqual([
      '1: error: resource "other" does not exist: add courses/<course>/resources/other/<locale>.md or fix the link',
    ]);
  });
});

describe('published releases', () => {
  it('2022-pilot and 2024-conference render to byte-identical module text', () => {
    const golden = require('../fixtures/published-html-hashes.json') as Record<string, string>;
    const course = load(path.join(repo, 'courses/codesign'));
    const now: Record<string, string> = {};
    for (const r of course.releases.filter((r) => ['2022-pilot', '2024-conference'].includes(r.meta.id)))
      for (const m of r.modules) {
        for (const l of m.locales)
          now[`${r.meta.id}/${m.id}/${l.locale}`] = createHash('sha256').update(l.html).digest('hex');
        expect(m.locales.every((l) => l.steps.length === 0)).toBe(true);
      }
    expect(now).toEqual(golden);
  });
});
