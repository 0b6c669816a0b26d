import type { QuizDefinition } from '../lib/markdown/types';
import type {
  CourseMeta,
  FileProblem,
  LoadedGlossary,
  LoadedModule,
  LoadedModuleLocale,
  LoadedResource,
} from './types';

/**
 * Every rule that spans a course's files, for a working draft or a release: the same checks whether
 * the course is read from its folder (`npm run course -- validate`) or from the browser draft (the
 * editor's problems list).
 */
export function checkCourse(
  meta: CourseMeta,
  content: { modules: LoadedModule[]; resources: LoadedResource[]; glossary: LoadedGlossary[] },
  problems: FileProblem[],
): void {
  checkModules(meta, content.modules, problems);
  checkCourseExtras(meta, content.modules, content.resources, content.glossary, problems);
}

/** Rules that span files: identities, the default locale, and translations that keep the source's structure. */
export function checkModules(meta: CourseMeta, modules: LoadedModule[], problems: FileProblem[]): void {
  const seenIds = new Map<string, string>();
  const seenQuizzes = new Map<string, string>();
  const positions = new Map<number, string>();
  for (const module of modules) {
    const other = seenIds.get(module.id);
    if (other)
      problems.push({
        file: module.dir,
        line: 1,
        severity: 'error',
        message: `module id "${module.id}" is also used by ${other}`,
      });
    seenIds.set(module.id, module.dir);
    const samePosition = positions.get(module.position);
    if (samePosition)
      problems.push({
        file: module.dir,
        line: 1,
        severity: 'error',
        message: `order number is also used by ${samePosition}`,
      });
    positions.set(module.position, module.dir);

    for (const l of module.locales)
      if (!meta.locales.includes(l.locale))
        problems.push({
          file: l.file,
          line: 1,
          severity: 'error',
          message: `locale "${l.locale}" is not listed under "locales" in course.yaml`,
        });
    for (const locale of Object.keys(module.titles))
      if (!meta.locales.includes(locale))
        problems.push({
          file: `${module.dir}/titles.yaml`,
          line: 1,
          severity: 'error',
          message: `locale "${locale}" is not a course locale`,
        });

    const source = module.locales.find((l) => l.locale === meta.defaultLocale);
    if (!source) {
      problems.push({
        file: module.dir,
        line: 1,
        severity: 'error',
        message: `module has no ${meta.defaultLocale}.md: every module must exist in the default locale`,
      });
      continue;
    }
    for (const quiz of source.quizzes) {
      const where = `${source.file}:${quiz.line}`;
      const first = seenQuizzes.get(quiz.id);
      if (first)
        problems.push({
          file: source.file,
          line: quiz.line,
          severity: 'error',
          message: `quiz id "${quiz.id}" is also used at ${first}`,
        });
      seenQuizzes.set(quiz.id, where);
    }
    for (const translation of module.locales) if (translation !== source) checkStructure(source, translation, problems);
  }
}

function quizShape(q: QuizDefinition): string {
  return q.questions.map((question) => question.options.map((o) => (o.correct ? 'x' : '-')).join('')).join('|');
}

function checkStructure(source: LoadedModuleLocale, translation: LoadedModuleLocale, problems: FileProblem[]): void {
  const push = (line: number, message: string) =>
    problems.push({ file: translation.file, line, severity: 'error', message });
  const sourceQuizzes = new Map(source.quizzes.map((q) => [q.id, q]));
  for (const quiz of translation.quizzes) {
    const original = sourceQuizzes.get(quiz.id);
    if (!original)
      push(quiz.line, `quiz "${quiz.id}" is not in ${source.locale}.md: translations keep the source's quiz ids`);
    else if (quizShape(original) !== quizShape(quiz))
      push(
        quiz.line,
        `quiz "${quiz.id}" differs in structure from ${source.file}:${original.line}: keep the same questions, the same number of options and the same correct options in the same order`,
      );
  }
  const translated = new Set(translation.quizzes.map((q) => q.id));
  for (const quiz of source.quizzes)
    if (!translated.has(quiz.id)) push(1, `quiz "${quiz.id}" of ${source.locale}.md is missing from this translation`);
  const shape = (l: LoadedModuleLocale) => l.steps.map((s) => `${s.id} ${s.kind}`).join(', ');
  if (shape(source) !== shape(translation))
    push(
      translation.steps[0]?.line ?? 1,
      `steps differ from ${source.file}: a translation keeps the source's step ids and kinds in the same order (${shape(source) || 'no steps'})`,
    );
  const reflections = new Set(translation.reflections.map((r) => r.id));
  for (const r of source.reflections)
    if (!reflections.has(r.id)) push(1, `reflection "${r.id}" of ${source.locale}.md is missing from this translation`);
}

/** Longest share of single-answer questions whose correct option is the longest, and the option length spread. */
export const LONGEST_CORRECT_SHARE = 0.4;
export const OPTION_LENGTH_RATIO = 3;

const plainLength = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z#0-9]+;/gi, ' ')
    .trim().length;

/**
 * The knowledge-check check: guessing "the longest option" must not pass a module's quizzes, and
 * no option may stand out by its length. It is an error for modules written in steps (the working
 * draft and every release made since steps exist) and a warning for one-page modules of older
 * releases, which are never edited.
 */
export function checkKnowledgeChecks(locale: LoadedModuleLocale, problems: FileProblem[]): void {
  const severity = locale.steps.length > 0 ? 'error' : 'warning';
  let single = 0;
  let longestCorrect = 0;
  for (const quiz of locale.quizzes)
    quiz.questions.forEach((q, qi) => {
      const lengths = q.options.map((o) => plainLength(o.text));
      const shortest = Math.max(1, Math.min(...lengths));
      const longest = Math.max(...lengths);
      if (longest > OPTION_LENGTH_RATIO * shortest)
        problems.push({
          file: locale.file,
          line: quiz.line,
          severity,
          message: `quiz "${quiz.id}" question ${qi + 1}: its options differ in length by more than ${OPTION_LENGTH_RATIO}× (${shortest} to ${longest} characters); make them similar so length gives nothing away`,
        });
      if (q.multiple) return;
      single++;
      const correct = q.options.findIndex((o) => o.correct);
      if (lengths[correct] === longest && lengths.filter((l) => l === longest).length === 1) longestCorrect++;
    });
  if (single > 0 && longestCorrect / single > LONGEST_CORRECT_SHARE)
    problems.push({
      file: locale.file,
      line: locale.quizzes[0]?.line ?? 1,
      severity,
      message: `the correct option is the longest in ${longestCorrect} of ${single} single-answer questions (more than ${LONGEST_CORRECT_SHARE * 100} %): a learner could pass by picking the longest; vary which option is longest`,
    });
}

/** Rules for resources, the glossary and the links and terms modules use. */
export function checkCourseExtras(
  meta: CourseMeta,
  modules: LoadedModule[],
  resources: LoadedResource[],
  glossary: LoadedGlossary[],
  problems: FileProblem[],
): void {
  const resourceIds = new Set(resources.map((r) => r.id));
  for (const module of modules)
    for (const locale of module.locales) {
      checkKnowledgeChecks(locale, problems);
      for (const link of locale.resourceLinks) {
        const resource = resources.find((r) => r.id === link.id);
        if (!resourceIds.has(link.id))
          problems.push({
            file: locale.file,
            line: link.line,
            severity: 'error',
            message: `resource "${link.id}" does not exist: add resources/${link.id}/${meta.defaultLocale}.md or fix the link`,
          });
        else if (!resource!.locales.some((l) => l.locale === locale.locale))
          problems.push({
            file: locale.file,
            line: link.line,
            severity: 'warning',
            message: `resource "${link.id}" has no ${locale.locale}.md: learners get the ${meta.defaultLocale} version`,
          });
      }
    }
  for (const resource of resources) {
    for (const l of resource.locales)
      if (!meta.locales.includes(l.locale))
        problems.push({
          file: l.file,
          line: 1,
          severity: 'error',
          message: `locale "${l.locale}" is not a course locale`,
        });
    if (!resource.locales.some((l) => l.locale === meta.defaultLocale))
      problems.push({
        file: resource.locales[0].file,
        line: 1,
        severity: 'error',
        message: `resource "${resource.id}" has no ${meta.defaultLocale}.md: every resource must exist in the default locale`,
      });
  }
  const source = glossary.find((g) => g.locale === meta.defaultLocale);
  if (glossary.length && !source)
    problems.push({
      file: glossary[0].file,
      line: 1,
      severity: 'error',
      message: `the glossary has no ${meta.defaultLocale}.yaml: it must exist in the default locale`,
    });
  for (const g of glossary) {
    if (!meta.locales.includes(g.locale))
      problems.push({
        file: g.file,
        line: 1,
        severity: 'error',
        message: `locale "${g.locale}" is not a course locale`,
      });
    if (!source || g === source) continue;
    const ids = new Set(g.terms.map((t) => t.id));
    for (const term of source.terms)
      if (!ids.has(term.id))
        problems.push({
          file: g.file,
          line: 1,
          severity: 'warning',
          message: `term "${term.id}" (${term.term}) of ${source.locale}.yaml is missing from this translation`,
        });
    const known = new Set(source.terms.map((t) => t.id));
    for (const term of g.terms)
      if (!known.has(term.id))
        problems.push({
          file: g.file,
          line: term.line,
          severity: 'error',
          message: `term "${term.id}" is not in ${source.locale}.yaml: translations keep the source's term ids`,
        });
  }
}
