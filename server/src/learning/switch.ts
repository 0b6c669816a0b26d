import * as catalog from '../catalog/service';
import type { Executor } from '../lib/db';
import { NotFound } from '../lib/errors';
import { evaluate } from './completion';
import { refreshSummaries } from './summaries';
import type { Lrs } from '../xapi/lrs';
import { recordRegistration } from './enrolment';
import { findEnrolment, setEnrolmentRelease } from './enrolment-store';
import { moveProgress, visitsOfRelease } from './progress-store';

export interface SwitchPlan {
  userId: string;
  courseId: string;
  from: string;
  to: string;
  /** Already on the target release: nothing would change. */
  unchanged: boolean;
  /** Modules with progress that exist in both releases: their progress moves. */
  carried: string[];
  /** Carried modules completed before, whose text changed: marked "worth a second look". */
  updated: string[];
  /**
   * Carried modules completed before whose knowledge check changed: no longer completed ("in progress:
   * new knowledge check"), and their old quiz results stay with the old release.
   */
  newKnowledgeCheck: string[];
  /** Modules with progress that the target release no longer has: their progress stays with the old release. */
  leftBehind: string[];
  /** Modules new in the target release. */
  added: string[];
}

/** A module changed between releases when the text of any locale both have differs. */
function changedModules(from: catalog.ReleasePlan, to: catalog.ReleasePlan): Set<string> {
  const target = new Map(to.map((m) => [m.id, m.hashes]));
  return new Set(
    from
      .filter((m) => {
        const other = target.get(m.id);
        return other && Object.entries(m.hashes).some(([locale, hash]) => other[locale] && other[locale] !== hash);
      })
      .map((m) => m.id),
  );
}

export async function planSwitch(db: Executor, userId: string, courseId: string, to: string): Promise<SwitchPlan> {
  const enrolment = await findEnrolment(db, userId, courseId);
  if (!enrolment)
    throw new NotFound(`The learner is not enrolled in course "${courseId}"; enrol first.`, {
      reason: 'enrolment.not_enrolled',
    });
  const releases = await catalog.listReleases(db, courseId);
  if (!releases.some((r) => r.id === to))
    throw new NotFound(
      `Course "${courseId}" has no release "${to}". Its releases are: ${releases.map((r) => r.id).join(', ')}.`,
      { reason: 'enrolment.no_release', release: to },
    );
  const from = enrolment.releaseId;
  const base = {
    userId,
    courseId,
    from,
    to,
    carried: [],
    updated: [],
    newKnowledgeCheck: [],
    leftBehind: [],
    added: [],
  };
  if (from === to) return { ...base, unchanged: true };
  const [fromPlan, toPlan] = await Promise.all([
    catalog.releasePlan(db, courseId, from),
    catalog.releasePlan(db, courseId, to),
  ]);
  const inTarget = new Set(toPlan.map((m) => m.id));
  const changed = changedModules(fromPlan, toPlan);
  const targetQuiz = new Map(toPlan.map((m) => [m.id, m.quizKey]));
  const requiz = new Set(
    fromPlan.filter((m) => targetQuiz.has(m.id) && targetQuiz.get(m.id) !== m.quizKey).map((m) => m.id),
  );
  const visits = await visitsOfRelease(db, userId, courseId, from);
  const order = toPlan.map((m) => m.id);
  const carried = visits
    .filter((v) => inTarget.has(v.moduleId))
    .sort((a, b) => order.indexOf(a.moduleId) - order.indexOf(b.moduleId));
  return {
    ...base,
    unchanged: false,
    carried: carried.map((v) => v.moduleId),
    updated: carried
      .filter((v) => v.completedAt && changed.has(v.moduleId) && !requiz.has(v.moduleId))
      .map((v) => v.moduleId),
    newKnowledgeCheck: carried.filter((v) => v.completedAt && requiz.has(v.moduleId)).map((v) => v.moduleId),
    leftBehind: visits.filter((v) => !inTarget.has(v.moduleId)).map((v) => v.moduleId),
    added: toPlan.filter((m) => !fromPlan.some((f) => f.id === m.id)).map((m) => m.id),
  };
}

/**
 * Moves a learner's enrolment to another release of the course: same enrolment, same registration.
 * Progress and quiz results of modules in both releases move with it; completions stay, and changed
 * modules are flagged. Records a `registered` statement for the new release. Switching to the release
 * one is already on changes nothing and records nothing.
 */
export async function switchRelease(
  deps: Lrs,
  userId: string,
  courseId: string,
  to: string,
  options: { dryRun?: boolean; language?: string } = {},
): Promise<SwitchPlan> {
  if (options.dryRun) return planSwitch(deps.db, userId, courseId, to);
  return deps.db.transaction(async (tx) => {
    const plan = await planSwitch(tx, userId, courseId, to);
    if (plan.unchanged) return plan;
    await moveProgress(tx, plan);
    const enrolment = (await findEnrolment(tx, userId, courseId))!;
    await setEnrolmentRelease(tx, enrolment.id, to);
    const course = (await catalog.findCourse(tx, courseId))!;
    await recordRegistration(deps, tx, {
      userId,
      course: courseId,
      release: to,
      registration: enrolment.id,
      language: options.language ?? course.defaultLocale,
      previousRelease: plan.from,
    });
    // Carried reading and quiz results may complete modules (and the course) of the new release.
    const toPlan = await catalog.releasePlan(tx, courseId, to);
    await evaluate(
      deps,
      tx,
      { userId, courseId, releaseId: to },
      toPlan.map((m) => m.id),
      options.language,
    );
    await refreshSummaries(tx, [{ userId, courseId }]);
    return plan;
  });
}
