import fs from 'node:fs';
import path from 'node:path';
import { isLoaded, listCourseDirs, loadCourse } from '../server/src/content/course-loader';
import { translationStatus, type TranslationRow } from '../server/src/content/translations';
import type { FileProblem, LoadedCourse } from '../server/src/content/types';
import { z } from 'zod';
import { exportCourse } from '../server/src/authoring/export';
import { findDraftCourse } from '../server/src/authoring/store';
import { importFilesDraft, markSynced } from '../server/src/authoring/sync';
import { SLUG } from '../server/src/content/schema';
import { importCoursesFromDirectory } from '../server/src/authoring/import-dir';
import { UsageError, openCliDatabase, parseCommandLine, progressBar, runCli, withCliDatabase } from './cli';

const USAGE = `Usage: npm run course -- <command> [course] [options]

Commands:
  validate [course]         check every file of a course (or of all courses); exits 1 on errors
  import [course]           store the course's releases in the database (idempotent)
  import <course> --draft   load the files' working draft (modules/) into the browser draft; refused
                            when the browser draft changed since they were last in sync (--force overwrites)
  export <course>           write every published release and course.yaml from the database to the files
  export <course> --release <id>   write one release (releases/<id>/) and course.yaml
  export <course> --draft   write the browser draft to modules/ and course.yaml
  translations [course]     show which modules are translated, stale or missing per locale
  stamp <course> <locale>   mark the <locale> translations of the draft as made from the current source

Options:
  --courses-dir <dir>       where courses live (default: courses, or COURSES_DIR)
  --quiet                   print errors only`;

const ZCourseArg = z.string().regex(SLUG, 'course ids use lowercase letters, digits and hyphens');
const ZReleaseArg = z.string().regex(SLUG, 'release ids use lowercase letters, digits and hyphens');

function parseArg<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`${what} "${String(value)}": ${parsed.error.issues[0].message}.`);
  return parsed.data;
}

const options = {
  'courses-dir': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  draft: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  release: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function courseDirs(coursesDir: string, only: string | undefined): string[] {
  const dirs = listCourseDirs(coursesDir);
  if (!only) {
    if (dirs.length === 0) throw new UsageError(`No course folders with a course.yaml under ${coursesDir}.`);
    return dirs;
  }
  const dir = dirs.find((d) => path.basename(d) === only);
  if (!dir)
    throw new UsageError(
      `No course "${only}" under ${coursesDir}. Courses found: ${dirs.map((d) => path.basename(d)).join(', ') || 'none'}.`,
    );
  return [dir];
}

function printProblems(problems: FileProblem[], quiet: boolean): void {
  for (const p of problems) {
    if (quiet && p.severity !== 'error') continue;
    console.log(`${p.file}:${p.line}: ${p.severity}: ${p.message}`);
  }
}

const STATUS_MARK: Record<TranslationRow['status'], string> = {
  source: 'source',
  current: 'ok',
  stale: 'STALE',
  'title-only': 'title only',
  missing: 'MISSING',
};

function printTranslations(course: LoadedCourse): void {
  const scopes = [
    { name: 'draft', modules: course.draft },
    ...course.releases.map((r) => ({ name: r.meta.id, modules: r.modules })),
  ];
  for (const scope of scopes) {
    if (scope.modules.length === 0) continue;
    console.log(`\nTranslations of ${course.meta.id} (${scope.name}):`);
    const rows = translationStatus(course.meta, scope.modules);
    for (const locale of course.meta.locales) {
      const mine = rows.filter((r) => r.locale === locale);
      const by = (s: TranslationRow['status']) => mine.filter((r) => r.status === s).map((r) => r.moduleId);
      const parts = (['source', 'current', 'stale', 'title-only', 'missing'] as const)
        .filter((s) => by(s).length)
        .map((s) => `${STATUS_MARK[s]}: ${s === 'source' || s === 'current' ? by(s).length : by(s).join(', ')}`);
      console.log(`  ${locale.padEnd(5)} ${parts.join(' | ')}`);
    }
  }
}

async function validate(dirs: string[], quiet: boolean, withTranslations: boolean): Promise<number> {
  let errors = 0;
  let warnings = 0;
  for (const dir of dirs) {
    const course = loadCourse(dir);
    printProblems(course.problems, quiet);
    errors += course.problems.filter((p) => p.severity === 'error').length;
    warnings += course.problems.filter((p) => p.severity === 'warning').length;
    if (isLoaded(course) && withTranslations && !quiet) printTranslations(course);
  }
  console.log(`\n${errors} error(s), ${warnings} warning(s) in ${dirs.length} course(s).`);
  return errors ? 1 : 0;
}

async function importCommand(coursesDir: string, only: string | undefined): Promise<number> {
  courseDirs(coursesDir, only);
  const database = await openCliDatabase();
  try {
    const bar = progressBar('import');
    const results = await importCoursesFromDirectory(database.db, coursesDir, {
      only,
      onProgress: (course, p) => bar.update(p.done, p.total, `${course} ${p.step}`),
    });
    bar.stop();
    let failed = 0;
    for (const r of results) {
      printProblems(r.problems, true);
      if (r.error) {
        failed++;
        console.error(`${r.courseId ?? r.courseDir}: not imported: ${r.error}`);
      } else for (const o of r.outcomes) console.log(`${r.courseId}/${o.releaseId}: ${o.status}`);
    }
    return failed ? 1 : 0;
  } finally {
    await database.close();
  }
}

async function importDraftCommand(dir: string, force: boolean): Promise<number> {
  const course = loadCourse(dir);
  if (!isLoaded(course)) {
    printProblems(course.problems, true);
    return 1;
  }
  printProblems(course.problems, true);
  return withCliDatabase(async ({ db }) => {
    const result = await importFilesDraft(db, course, { force });
    console.log(
      result.created
        ? `${course.meta.id}: browser draft created from ${course.dir}/modules`
        : `${course.meta.id}: browser draft loaded from ${course.dir}/modules (${result.changedTexts} text(s) changed)`,
    );
    return 0;
  });
}

async function exportCommand(coursesDir: string, courseId: string, release: string | undefined, draft: boolean) {
  if (release && draft) throw new UsageError('export takes --release <id> or --draft, not both.');
  return withCliDatabase(async ({ db }) => {
    const before = draft ? await findDraftCourse(db, courseId) : undefined;
    const result = await exportCourse(db, courseId, coursesDir, {
      releases: release ? [release] : draft ? [] : 'all',
      draft,
    });
    // The files now hold the browser draft: both are in sync at the revision that was written.
    if (before) await markSynced(db, courseId, before.revision);
    for (const id of result.releases)
      console.log(`${path.relative(process.cwd(), result.courseDir)}/releases/${id}: written`);
    if (result.draft)
      console.log(`${path.relative(process.cwd(), result.courseDir)}/modules: written from the browser draft`);
    console.log(`Run \`npm run course -- validate ${courseId}\` and commit the files.`);
    return 0;
  });
}

function stamp(dir: string, locale: string): number {
  const course = loadCourse(dir);
  if (!isLoaded(course)) {
    printProblems(course.problems, true);
    return 1;
  }
  if (locale === course.meta.defaultLocale)
    throw new UsageError(`${locale} is the source locale; stamp a translation.`);
  let count = 0;
  for (const module of course.draft) {
    const source = module.locales.find((l) => l.locale === course.meta.defaultLocale);
    const translation = module.locales.find((l) => l.locale === locale);
    if (!source || !translation || translation.frontMatter.translatedFrom === source.sourceHash) continue;
    const file = path.resolve(translation.file);
    const raw = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const line = `translatedFrom: ${source.sourceHash}`;
    const end = raw.indexOf('\n---', 4);
    const frontMatter = raw.slice(0, end).replace(/\ntranslatedFrom: .*/, '');
    const updated = `${frontMatter}\n${line}${raw.slice(end)}`;
    fs.writeFileSync(file, updated);
    console.log(`${translation.file}: translatedFrom ${source.sourceHash}`);
    count++;
  }
  console.log(`${count} file(s) stamped.`);
  return 0;
}

runCli(async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), options, USAGE, 1);
  const [command, course, extra] = positionals;
  const coursesDir = path.resolve(values['courses-dir'] ?? process.env.COURSES_DIR ?? 'courses');
  switch (command) {
    case 'validate':
      return validate(courseDirs(coursesDir, course), values.quiet, true);
    case 'translations': {
      for (const dir of courseDirs(coursesDir, course)) {
        const loaded = loadCourse(dir);
        if (isLoaded(loaded)) printTranslations(loaded);
      }
      return 0;
    }
    case 'import':
      if (values.draft) {
        if (!course) throw new UsageError(`import --draft needs a course.\n\n${USAGE}`);
        return importDraftCommand(courseDirs(coursesDir, parseArg(ZCourseArg, course, 'course'))[0], values.force);
      }
      if (values.force) throw new UsageError('--force only goes with import --draft.');
      return importCommand(coursesDir, course);
    case 'export': {
      if (!course) throw new UsageError(`export needs a course.\n\n${USAGE}`);
      const release = values.release === undefined ? undefined : parseArg(ZReleaseArg, values.release, '--release');
      return exportCommand(coursesDir, parseArg(ZCourseArg, course, 'course'), release, values.draft);
    }
    case 'stamp':
      if (!course || !extra) throw new UsageError(`stamp needs a course and a locale.\n\n${USAGE}`);
      return stamp(courseDirs(coursesDir, course)[0], extra);
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
});
