import { assetUrl } from '../content/module-text';
import type { Db, Executor } from '../lib/db/index';
import { Invalid, NotFound } from '../lib/errors';
import { pickLocale, pickText } from '../lib/i18n/negotiate';
import { splitFrontMatter } from '../lib/markdown/front-matter';
import { renderMarkdown } from '../lib/markdown/render';
import { parseSteps, WHOLE_MODULE_STEP, type StepKind } from '../lib/markdown/steps';
import { glossaryTerms, resourceResolver } from './resources';
import { toPublicQuiz, type PublicQuiz } from '../lib/markdown/types';
import type { TQuizAnswers } from './schema';
import { requireCourse, requireRelease } from './require';
import * as store from './store';

/** A course's record (locales, pass mark), for the features that work on a course; undefined if none. */
export const findCourse = (db: Executor, courseId: string) => store.findCourse(db, courseId);

/** The releases of a course, as stored. */
export const listReleases = (db: Executor, courseId: string) => store.listReleases(db, courseId);

export const releasePlan = (db: Executor, courseId: string, releaseId: string) =>
  store.releasePlan(db, courseId, releaseId);
export type { ReleasePlan } from './store';
export { requireCourse, requireRelease } from './require';

/** A stored file (image, course picture) by its content hash; undefined if none. */
export const findAsset = (db: Executor, hash: string) => store.findAsset(db, hash);

/**
 * A published release as it was written, for writing it back to files: its record, its modules in
 * order, the Markdown of each module per locale and the modules' images. Undefined if there is none.
 */
export async function publishedRelease(db: Executor, courseId: string, releaseId: string) {
  const release = (await store.listReleases(db, courseId)).find((r) => r.id === releaseId);
  if (!release) return undefined;
  return {
    release,
    modules: await store.listReleaseModules(db, courseId, releaseId),
    sources: await store.releaseSources(db, courseId, releaseId),
    images: await store.releaseImages(db, courseId, releaseId),
  };
}

/** The Markdown of a stored module text, found by its hash (as a release plan lists them); undefined if none. */
export const moduleSource = async (db: Executor, hash: string) =>
  (await store.findModuleVersionByHash(db, hash))?.source;

export async function listCatalog(db: Db, wanted: string[]) {
  const courses = await store.listCourses(db);
  return Promise.all(
    courses.map(async (course) => {
      const locale = pickLocale(wanted, course.locales, course.defaultLocale);
      const releases = await store.listReleases(db, course.id);
      const current = releases.at(-1);
      return {
        id: course.id,
        locale,
        title: pickText(course.title, locale, course.defaultLocale),
        summary: pickText(course.summary, locale, course.defaultLocale),
        locales: course.locales,
        currentRelease: current?.id ?? null,
        currentReleaseTitle: current ? pickText(current.title, locale, course.defaultLocale) || current.id : null,
        licence: course.licence,
        ...aboutCourse(course, locale),
        ...(current
          ? await releaseFacts(db, course.id, current.id, course.locales)
          : { minutes: 0, modules: 0, fullLocales: [] }),
      };
    }),
  );
}

/** The entry for `locale`, else the default locale's, with the language it is written in (for `lang`). */
function inLocale<T>(map: Record<string, T> | null, locale: string, fallback: string) {
  if (!map) return null;
  const used = map[locale] !== undefined ? locale : map[fallback] !== undefined ? fallback : Object.keys(map)[0];
  return used === undefined ? null : { value: map[used], locale: used };
}

/** Who made the course, what a learner can do afterwards, and its picture, in the reader's language. */
function aboutCourse(course: store.CourseRecord, locale: string) {
  const makers = inLocale(course.makers, locale, course.defaultLocale);
  const outcomes = inLocale(course.outcomes, locale, course.defaultLocale);
  const alt = course.image ? inLocale(course.image.alt, locale, course.defaultLocale) : null;
  return {
    makers: makers && { text: makers.value, locale: makers.locale },
    outcomes: outcomes && { items: outcomes.value, locale: outcomes.locale },
    image: course.image && alt ? { url: assetUrl(course.image), alt: alt.value, altLocale: alt.locale } : null,
  };
}

/**
 * Length and languages of one edition. A language counts only when every module has its text in it,
 * not when only the titles are translated.
 */
async function releaseFacts(db: Db, courseId: string, releaseId: string, locales: string[]) {
  const modules = await store.listReleaseModules(db, courseId, releaseId);
  return {
    minutes: modules.reduce((n, m) => n + m.minutes, 0),
    modules: modules.length,
    fullLocales: locales.filter((l) => modules.length > 0 && modules.every((m) => m.locales.includes(l))),
  };
}

export async function getCourse(db: Db, courseId: string, wanted: string[]) {
  const course = await requireCourse(db, courseId);
  const locale = pickLocale(wanted, course.locales, course.defaultLocale);
  const releases = await store.listReleases(db, courseId);
  return {
    id: course.id,
    locale,
    title: pickText(course.title, locale, course.defaultLocale),
    summary: pickText(course.summary, locale, course.defaultLocale),
    defaultLocale: course.defaultLocale,
    locales: course.locales,
    licence: course.licence,
    ...aboutCourse(course, locale),
    passMark: course.passMark / 100,
    currentRelease: releases.at(-1)?.id ?? null,
    ...(releases.length
      ? await releaseFacts(db, courseId, releases.at(-1)!.id, course.locales)
      : { minutes: 0, modules: 0, fullLocales: [] }),
    releases: releases.map((r) => ({
      id: r.id,
      date: r.date,
      title: pickText(r.title, locale, course.defaultLocale) || r.id,
      notesHtml: renderMarkdown(pickText(r.notes, locale, course.defaultLocale)).html,
    })),
  };
}

export async function getOutline(db: Db, courseId: string, releaseId: string, wanted: string[]) {
  const { course, release, releases } = await requireRelease(db, courseId, releaseId);
  const locale = pickLocale(wanted, course.locales, course.defaultLocale);
  const modules = await store.listReleaseModules(db, courseId, releaseId);
  return {
    course: {
      id: course.id,
      title: pickText(course.title, locale, course.defaultLocale),
      defaultLocale: course.defaultLocale,
    },
    release: { id: release.id, date: release.date, current: releases.at(-1)?.id === release.id },
    locale,
    totalMinutes: modules.reduce((n, m) => n + m.minutes, 0),
    modules: modules.map((m) => ({
      id: m.moduleId,
      position: m.position,
      title: pickText(m.titles, locale, course.defaultLocale),
      // The language the title is written in, so pages can mark it.
      titleLocale: m.titles[locale] ? locale : course.defaultLocale,
      minutes: m.minutes,
      locales: m.locales,
    })),
  };
}

async function requireModule(db: Db, courseId: string, releaseId: string, moduleId: string, wanted: string[]) {
  const { course } = await requireRelease(db, courseId, releaseId);
  const modules = await store.listReleaseModules(db, courseId, releaseId);
  const index = modules.findIndex((m) => m.moduleId === moduleId);
  if (index < 0)
    throw new NotFound(
      `Release "${releaseId}" of course "${courseId}" has no module "${moduleId}". Its modules are: ${modules.map((m) => m.moduleId).join(', ')}.`,
      { reason: 'course.no_module', module: moduleId },
    );
  const module = modules[index];
  const locale = pickLocale(wanted, module.locales, course.defaultLocale);
  const version = await store.findModuleVersion(db, { courseId, releaseId, moduleId, locale });
  if (!version)
    throw new NotFound(`Module "${moduleId}" has no text in "${locale}".`, {
      reason: 'course.no_module_text',
      module: moduleId,
      locale,
    });
  return { course, modules, index, module, locale, version };
}

export async function getModule(db: Db, courseId: string, releaseId: string, moduleId: string, wanted: string[]) {
  const { course, modules, index, module, locale, version } = await requireModule(
    db,
    courseId,
    releaseId,
    moduleId,
    wanted,
  );
  const uiLocale = pickLocale(wanted, course.locales, course.defaultLocale);
  const neighbour = (i: number) =>
    modules[i] ? { id: modules[i].moduleId, title: pickText(modules[i].titles, uiLocale, course.defaultLocale) } : null;
  const requested = wanted[0] ?? null;
  return {
    id: module.moduleId,
    courseId,
    releaseId,
    position: index + 1,
    count: modules.length,
    locale,
    requestedLocale: requested,
    fallback: requested !== null && pickLocale([requested], [locale], '') !== locale,
    availableLocales: module.locales,
    title: version.frontMatter.title,
    minutes: version.frontMatter.minutes,
    objectives: version.frontMatter.objectives,
    html: version.html,
    quizzes: version.quizzes.map(toPublicQuiz) satisfies PublicQuiz[],
    contentHash: version.hash,
    steps: stepsOf(version).map(({ id, kind, title, minutes }) => ({ id, kind, title, minutes })),
    previous: neighbour(index - 1),
    next: neighbour(index + 1),
  };
}

type StoredVersion = NonNullable<Awaited<ReturnType<typeof store.findModuleVersion>>>;

/**
 * A module's steps as stored: its `:::: step` containers, or one step, `all`, that is the whole
 * module exactly as published (older releases keep their text and their hash).
 */
export function stepsOf(version: StoredVersion) {
  const split = splitFrontMatter(version.source);
  const parsed = split ? parseSteps(split.body, split.bodyLine).steps : [];
  if (parsed.length === 0)
    return [
      {
        id: WHOLE_MODULE_STEP,
        kind: 'article' as StepKind,
        title: version.frontMatter.title,
        minutes: version.frontMatter.minutes,
        body: undefined,
        bodyLine: 0,
      },
    ];
  return parsed.map((s) => ({
    id: s.id,
    kind: s.kind,
    title: s.title,
    minutes: s.minutes,
    body: s.body,
    bodyLine: s.bodyLine,
  }));
}

/** One step of a module: its own page, with its place in the module and the way on. */
export async function getStep(
  db: Db,
  key: { course: string; release: string; module: string; step: string },
  wanted: string[],
) {
  const module = await getModule(db, key.course, key.release, key.module, wanted);
  const { version, course } = await requireModule(db, key.course, key.release, key.module, wanted);
  const steps = stepsOf(version);
  const index = steps.findIndex((s) => s.id === key.step);
  if (index < 0)
    throw new NotFound(
      `Module "${key.module}" has no step "${key.step}". Its steps are: ${steps.map((s) => s.id).join(', ')}.`,
      { reason: 'course.no_step', step: key.step },
    );
  const step = steps[index];
  let html = version.html;
  let quizIds = version.quizzes.map((q) => q.id);
  if (step.body !== undefined) {
    const rendered = renderMarkdown(step.body, {
      lineOffset: step.bodyLine,
      resolveResource: await resourceResolver(db, key.course, key.release, version.locale),
      glossary: await glossaryTerms(db, key.course, key.release, version.locale, course.defaultLocale),
    });
    html = rendered.html;
    quizIds = rendered.quizzes.map((q) => q.id);
  }
  const ref = (i: number) => (steps[i] ? { id: steps[i].id, title: steps[i].title } : null);
  const { html: _whole, quizzes, ...rest } = module;
  return {
    ...rest,
    quizzes: quizzes.filter((q) => quizIds.includes(q.id)),
    moduleQuizzes: quizzes.map((q) => q.id),
    step: {
      id: step.id,
      kind: step.kind,
      title: step.title,
      minutes: step.minutes,
      position: index + 1,
      count: steps.length,
      html,
      previous: ref(index - 1),
      next: ref(index + 1),
    },
  };
}

/** Checks answers against the release's own content; reveals feedback for the chosen options only. */
export async function checkQuiz(
  db: Db,
  key: { course: string; release: string; module: string; quiz: string },
  wanted: string[],
  input: TQuizAnswers,
) {
  const { course, version } = await requireModule(db, key.course, key.release, key.module, wanted);
  const quiz = version.quizzes.find((q) => q.id === key.quiz);
  if (!quiz)
    throw new NotFound(`Module "${key.module}" has no quiz "${key.quiz}".`, {
      reason: 'course.no_quiz',
      quiz: key.quiz,
    });
  if (input.answers.length !== quiz.questions.length)
    throw new Invalid(
      `answers: quiz "${quiz.id}" has ${quiz.questions.length} questions; send one list of chosen options per question`,
      { reason: 'quiz.answer_count', count: quiz.questions.length },
    );
  const results = quiz.questions.map((question, qi) => {
    const chosen = [...new Set(input.answers[qi])].sort((a, b) => a - b);
    const outOfRange = chosen.find((c) => c >= question.options.length);
    if (outOfRange !== undefined)
      throw new Invalid(
        `answers.${qi}: question ${qi + 1} has options 0 to ${question.options.length - 1}, not ${outOfRange}`,
        { reason: 'quiz.unknown_option', question: qi + 1 },
      );
    if (chosen.length === 0)
      throw new Invalid(`answers.${qi}: choose at least one option for question ${qi + 1}`, {
        reason: 'quiz.no_answer',
        question: qi + 1,
      });
    if (!question.multiple && chosen.length > 1)
      throw new Invalid(`answers.${qi}: question ${qi + 1} takes a single answer`, {
        reason: 'quiz.single_answer',
        question: qi + 1,
      });
    const correctSet = question.options.flatMap((o, i) => (o.correct ? [i] : []));
    const correct = correctSet.length === chosen.length && correctSet.every((c, i) => chosen[i] === c);
    return {
      correct,
      chosen,
      feedback: chosen.map((c) => ({
        option: c,
        correct: question.options[c].correct,
        html: question.options[c].feedback,
      })),
    };
  });
  const score = results.filter((r) => r.correct).length / results.length;
  return { quiz: quiz.id, locale: version.locale, score, passed: score >= course.passMark / 100, results };
}

export async function getAsset(db: Db, file: string) {
  const asset = await store.findAsset(db, file.split('.')[0]);
  if (!asset) throw new NotFound(`There is no file "${file}".`, { reason: 'course.no_file', file });
  return asset;
}
