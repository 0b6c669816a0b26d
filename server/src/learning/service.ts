import * as catalog from '../catalog/service';
import type { TQuizAnswers } from '../catalog/schema';
import * as certificates from '../certificates/service';
import { ensureEnrolment } from './enrolment';
import * as enrolmentStore from './enrolment-store';
import type { TProgressImport } from './schema';
import type { Executor } from '../lib/db';
import { Conflict, Invalid, NotFound } from '../lib/errors';
import { pickLocale, pickText } from '../lib/i18n/negotiate';
import { renderMarkdown } from '../lib/markdown/render';
import { answeredStatement, quizOutcomeStatement } from '../xapi/profile';
import type { Lrs } from '../xapi/lrs';
import { newStatement } from '../xapi/service';
import { evaluate } from './completion';
import { upsertQuizResults, upsertVisits } from './progress-store';
import * as store from './store';
import { refreshSummaries } from './summaries';

type QuizKey = { course: string; release: string; module: string; quiz: string };

/**
 * Checks a learner's answers against the release's content. For a signed-in learner it also records
 * them (`answered` per question, `passed`/`failed` for the quiz), keeps the best score, and applies
 * the completion rules, all in one transaction. A guest gets the feedback only.
 */
export async function answerQuiz(
  deps: Lrs,
  user: { id: string; role: string } | undefined,
  key: QuizKey,
  wanted: string[],
  answers: TQuizAnswers,
) {
  const result = await catalog.checkQuiz(deps.db, key, wanted, answers);
  if (!user) return { ...result, recorded: false as const };
  const userId = user.id;
  const language = result.locale;
  const { registration, releaseId } = await ensureEnrolment(
    deps,
    user,
    key.course,
    key.release,
    language,
    'by-opening',
  );
  // A trainer or staff member checking a quiz of a course they are not enrolled in: feedback only.
  if (!registration) return { ...result, recorded: false as const };
  if (releaseId !== key.release)
    throw new Conflict(
      `You are enrolled in release "${releaseId}" of this course, not "${key.release}": answer the quizzes of your release, or switch release first.`,
      { reason: 'enrolment.other_release', release: releaseId, asked: key.release },
    );
  const event = {
    publicUrl: deps.publicUrl,
    userId,
    course: key.course,
    release: key.release,
    registration,
    language,
    module: key.module,
    quiz: key.quiz,
  };
  const now = new Date();
  const right = result.results.filter((r) => r.correct).length;
  const completion = await deps.db.transaction(async (tx) => {
    await deps.store(
      { kind: 'platform' },
      [
        ...result.results.map((r, question) =>
          newStatement(answeredStatement({ ...event, question, chosen: r.chosen, success: r.correct }), now),
        ),
        newStatement(
          quizOutcomeStatement({ ...event, right, total: result.results.length, passed: result.passed }),
          now,
        ),
      ],
      '1.0.3',
      { within: tx },
    );
    await upsertQuizResults(tx, [
      {
        userId,
        courseId: key.course,
        releaseId: key.release,
        moduleId: key.module,
        quizId: key.quiz,
        bestScore: Math.round(result.score * 100),
        attempts: 1,
        lastAt: now,
      },
    ]);
    const outcome = await evaluate(
      deps,
      tx,
      { userId, courseId: key.course, releaseId: key.release },
      [key.module],
      language,
    );
    await refreshSummaries(tx, [{ userId, courseId: key.course }]);
    return outcome;
  });
  return { ...result, recorded: true as const, ...completion };
}

/**
 * What a guest did in this browser, carried into the account at sign-in: the modules opened, and
 * each quiz's answers, which are checked again here and recorded as if answered now (a score the
 * browser states is refused by the schema). Answers for a release the learner is not on, or for a
 * quiz that no longer exists, are left out.
 */
export async function importGuestProgress(
  deps: Lrs,
  user: { id: string; role: string },
  input: TProgressImport,
  wanted: string[],
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    // Opening a module is all a guest's visits say: first and last seen, never read or completed.
    await upsertVisits(
      tx,
      input.visits.map((v) => ({
        userId: user.id,
        courseId: v.course,
        releaseId: v.release,
        moduleId: v.module,
        firstAt: new Date(v.at),
        lastAt: new Date(v.at),
      })),
    );
    await refreshSummaries(
      tx,
      input.visits.map((v) => ({ userId: user.id, courseId: v.course })),
    );
  });
  for (const q of input.quizzes) {
    try {
      await answerQuiz(deps, user, q, wanted, { answers: q.answers });
    } catch (err) {
      if (!(err instanceof Conflict || err instanceof NotFound || err instanceof Invalid)) throw err;
    }
  }
}

type ModuleStatus = 'not-started' | 'in-progress' | 'completed';

/** The learner's standing in a course: their enrolment, each module's status, and what is left. */
export async function courseProgress(deps: Lrs, userId: string, courseId: string, wanted: string[]) {
  const course = await catalog.requireCourse(deps.db, courseId);
  const enrolment = await enrolmentStore.findEnrolment(deps.db, userId, courseId);
  if (!enrolment) return { enrolment: null };
  const locale = pickLocale(wanted, course.locales, course.defaultLocale);
  const releases = await catalog.listReleases(deps.db, courseId);
  const plan = await catalog.releasePlan(deps.db, courseId, enrolment.releaseId);
  const visits = new Map(
    (await store.visits(deps.db, userId, { courseId, releaseId: enrolment.releaseId })).map((v) => [v.moduleId, v]),
  );
  const scores = await store.bestScores(deps.db, userId, courseId, enrolment.releaseId);
  const stepsRead = await store.stepsRead(deps.db, userId, courseId, enrolment.releaseId);
  const modules = plan.map((m) => {
    const v = visits.get(m.id);
    const status: ModuleStatus = v?.completedAt ? 'completed' : v ? 'in-progress' : 'not-started';
    return {
      id: m.id,
      title: pickText(m.titles, locale, course.defaultLocale),
      minutes: m.minutes,
      status,
      progress: v?.completedAt ? 1 : (v?.progress ?? 0),
      read: Boolean(v?.readAt),
      stepsRead: (stepsRead.get(m.id) ?? []).sort(),
      quizzes: m.quizIds.map((id) => ({
        id,
        best: scores.get(id)?.best ?? null,
        attempts: scores.get(id)?.attempts ?? 0,
      })),
      changedSinceCompleted: Boolean(v?.completedAt && v.changedSinceCompleted),
      /** Completed in an earlier edition whose knowledge check has since changed: in progress again. */
      newKnowledgeCheck: Boolean(v && !v.completedAt && v.changedSinceCompleted),
      lastAt: v?.lastAt ?? null,
      place: v?.place ?? null,
    };
  });
  const last = modules.filter((m) => m.lastAt).sort((a, b) => +b.lastAt! - +a.lastAt!)[0];
  // Resume where the learner last read, unless that module is done: then at the first one not yet completed.
  const resume =
    (last?.status !== 'completed' ? last : undefined) ?? modules.find((m) => m.status !== 'completed') ?? modules[0];
  const newest = releases.at(-1);
  const certificate = await certificates.certificateOfEnrolment(deps.db, enrolment.id);
  return {
    enrolment: {
      registration: enrolment.id,
      releaseId: enrolment.releaseId,
      releaseTitle:
        pickText(releases.find((r) => r.id === enrolment.releaseId)?.title ?? {}, locale, course.defaultLocale) ||
        enrolment.releaseId,
      enrolledAt: enrolment.enrolledAt,
      completedAt: enrolment.completedAt,
    },
    courseId,
    courseTitle: pickText(course.title, locale, course.defaultLocale),
    modules,
    completed: modules.filter((m) => m.status === 'completed').length,
    minutesLeft: modules.reduce(
      (n, m) => n + (m.status === 'completed' ? 0 : Math.ceil(m.minutes * (1 - m.progress))),
      0,
    ),
    resume: resume ? { module: resume.id, title: resume.title, place: resume.place } : null,
    newerRelease:
      newest &&
      newest.id !== enrolment.releaseId &&
      newest.position > (releases.find((r) => r.id === enrolment.releaseId)?.position ?? 0)
        ? {
            id: newest.id,
            title: pickText(newest.title, locale, course.defaultLocale) || newest.id,
            date: newest.date,
            notesHtml: renderMarkdown(pickText(newest.notes, locale, course.defaultLocale)).html,
          }
        : null,
    certificate: certificate ? { code: certificate.code, revoked: Boolean(certificate.revokedAt) } : null,
  };
}

/** "My learning": every course the learner is enrolled in, newest activity first. */
export async function myLearning(deps: Lrs, userId: string, wanted: string[]) {
  const enrolments = await enrolmentStore.enrolmentsOf(deps.db, userId);
  const courses = await Promise.all(enrolments.map((e) => courseProgress(deps, userId, e.courseId, wanted)));
  return { courses: courses.filter((c): c is Extract<typeof c, { modules: unknown }> => c.enrolment !== null) };
}

export async function savePlace(
  deps: Lrs,
  userId: string,
  input: { course: string; release: string; module: string; place: string },
) {
  const enrolment = await enrolmentStore.findEnrolment(deps.db, userId, input.course);
  if (!enrolment || enrolment.releaseId !== input.release) return { saved: false };
  // Called every few seconds while a learner reads: one indexed lookup, not the release's texts.
  if (!(await store.releaseHasModule(deps.db, input.course, input.release, input.module)))
    throw new NotFound(`Release "${input.release}" has no module "${input.module}".`, {
      reason: 'course.no_module',
      module: input.module,
    });
  await deps.db.transaction(async (tx) => {
    await store.savePlace(
      tx,
      { userId, courseId: input.course, releaseId: input.release, moduleId: input.module },
      input.place,
      new Date(),
    );
    await refreshSummaries(tx, [{ userId, courseId: input.course }]);
  });
  return { saved: true };
}

export const reflectionsOf = (deps: Lrs, userId: string, course: string, module: string) =>
  store.reflectionsOfModule(deps.db, userId, course, module);

export async function saveReflection(
  deps: Lrs,
  userId: string,
  key: { course: string; module: string; reflection: string },
  text: string,
) {
  await catalog.requireCourse(deps.db, key.course);
  await store.saveReflection(deps.db, {
    userId,
    courseId: key.course,
    moduleId: key.module,
    reflectionId: key.reflection,
    text,
  });
}

/** The modules of a release the learner has opened, with when first and last (the outline's marks). */
export async function visitedModules(deps: Lrs, userId: string, courseId: string, releaseId: string) {
  const visits = await store.visits(deps.db, userId, { courseId, releaseId });
  return { visited: visits.map((v) => ({ module: v.moduleId, firstAt: v.firstAt, lastAt: v.lastAt })) };
}

/** What learning holds about a person, as sections of "Download my data". */
export async function learnerData(db: Executor, userId: string) {
  const enrolments = await enrolmentStore.enrolmentsOf(db, userId);
  const earned = await certificates.certificatesOfEnrolments(
    db,
    enrolments.map((e) => e.id),
  );
  const certificateOf = new Map(earned.map((c) => [c.enrolmentId, c]));
  return {
    moduleVisits: await store.visits(db, userId),
    quizResults: await store.quizResultsOfLearner(db, userId),
    reflections: await store.reflectionsOfLearner(db, userId),
    enrolments: enrolments.map((e) => ({
      registration: e.id,
      course: e.courseId,
      release: e.releaseId,
      enrolledAt: e.enrolledAt,
      completedAt: e.completedAt,
      certificate: certificateOf.get(e.id)?.code ?? null,
      certificateRevokedAt: certificateOf.get(e.id)?.revokedAt ?? null,
    })),
  };
}

/** Erasure: reflections are the person's own words and go; progress keeps only the random account id. */
export const forgetReflections = (tx: Executor, userId: string) => store.deleteReflectionsOf(tx, userId);
