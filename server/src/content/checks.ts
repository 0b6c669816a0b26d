import type { QuizDefinition } from '../lib/markdown/types';
import type { CourseMeta, FileProblem, LoadedModule, LoadedModuleLocale } from './types';

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
  const reflections = new Set(translation.reflections.map((r) => r.id));
  for (const r of source.reflections)
    if (!reflections.has(r.id)) push(1, `reflection "${r.id}" of ${source.locale}.md is missing from this translation`);
}
