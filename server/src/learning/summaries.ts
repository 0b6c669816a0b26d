import type { Executor } from '../lib/db';
import type { LearnerCourse } from '../xapi/projection';
import * as store from './store';

/**
 * Brings the report summary rows of these learners' enrolments up to date. Every writer of progress,
 * quiz results or an enrolment's release calls it last, in its own transaction: statements through
 * the projector's `onProgress`, quiz answers, saved reading places, guest imports and release switches.
 */
export async function refreshSummaries(tx: Executor, learners: LearnerCourse[]): Promise<void> {
  const byCourse = new Map<string, Set<string>>();
  for (const l of learners) byCourse.set(l.courseId, (byCourse.get(l.courseId) ?? new Set()).add(l.userId));
  for (const [courseId, userIds] of byCourse) await store.refreshSummaries(tx, { courseId, userIds: [...userIds] });
}
