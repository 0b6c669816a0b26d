import * as catalog from '../catalog/service';
import * as enrolmentStore from './enrolment-store';
import { issueCertificate } from '../certificates/service';
import type { Executor } from '../lib/db';
import { learningStatement } from '../xapi/profile';
import type { Lrs } from '../xapi/lrs';
import { newStatement } from '../xapi/service';
import * as store from './store';

export interface CompletionOutcome {
  modulesCompleted: string[];
  courseCompleted: boolean;
  certificate?: string;
}

/**
 * The completion rules. A module is completed when it was read to the end and each of its quizzes
 * has a best score at the course's pass mark; the course, when every module of the learner's release
 * is. Each is recorded once, with a `completed` statement, and the course completion issues the
 * certificate, all in the caller's transaction. Only the release the learner is enrolled in counts.
 */
export async function evaluate(
  lrs: Lrs,
  tx: Executor,
  learner: { userId: string; courseId: string; releaseId: string },
  moduleIds: string[],
  language?: string,
): Promise<CompletionOutcome> {
  const outcome: CompletionOutcome = { modulesCompleted: [], courseCompleted: false };
  const enrolment = await enrolmentStore.findEnrolment(tx, learner.userId, learner.courseId);
  const course = await catalog.findCourse(tx, learner.courseId);
  if (!enrolment || !course || enrolment.releaseId !== learner.releaseId) return outcome;
  const plan = await catalog.releasePlan(tx, learner.courseId, learner.releaseId);
  const scores = await store.bestScores(tx, learner.userId, learner.courseId, learner.releaseId);
  const visits = new Map((await store.visits(tx, learner.userId, learner)).map((v) => [v.moduleId, v]));
  const now = new Date();
  const event = {
    publicUrl: lrs.publicUrl,
    userId: learner.userId,
    course: learner.courseId,
    release: learner.releaseId,
    registration: enrolment.id,
    language: language ?? course.defaultLocale,
  };
  // Platform statements: the learning projector leaves them out, so recording them decides nothing again.
  const record = (statements: object[]) => lrs.store({ kind: 'platform' }, statements, '1.0.3', { within: tx });

  for (const module of plan.filter((m) => moduleIds.includes(m.id))) {
    const visit = visits.get(module.id);
    const passed = module.quizIds.every((q) => (scores.get(q)?.best ?? -1) >= course.passMark);
    if (!visit?.readAt || !passed) continue;
    if (!(await store.markModuleCompleted(tx, { ...learner, moduleId: module.id }, now))) continue;
    visit.completedAt = now;
    outcome.modulesCompleted.push(module.id);
    await record([newStatement(learningStatement({ ...event, module: module.id, verb: 'completed' }))]);
  }

  const allDone = plan.length > 0 && plan.every((m) => visits.get(m.id)?.completedAt);
  if (allDone && (await store.markEnrolmentCompleted(tx, enrolment.id, now))) {
    outcome.courseCompleted = true;
    await record([newStatement(learningStatement({ ...event, verb: 'completed' }))]);
    const minutes = plan.reduce((n, m) => n + m.minutes, 0);
    outcome.certificate = await issueCertificate(tx, enrolment, minutes, now);
  }
  return outcome;
}
