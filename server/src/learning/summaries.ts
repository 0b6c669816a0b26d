import type { Executor } from '../lib/db';
import * as store from './store';

export interface LearnerCourse {
  userId: string;
  courseId: string;
}

/**
 * Brings the report summary rows of these learners' enrolments up to date (in the course given, or in
 * all of them). Every writer of what a row holds calls it last, in its own transaction: statements
 * through the learning projector, enrolment, quiz answers, saved reading places, guest imports,
 * release switches, and (through the account hooks in account.ts) profile changes and erasure.
 */
export async function refreshSummaries(
  tx: Executor,
  learners: (LearnerCourse | { userId: string; courseId?: undefined })[],
): Promise<void> {
  const byCourse = new Map<string | undefined, Set<string>>();
  for (const l of learners) byCourse.set(l.courseId, (byCourse.get(l.courseId) ?? new Set()).add(l.userId));
  for (const [courseId, userIds] of byCourse) await store.refreshSummaries(tx, { courseId, userIds: [...userIds] });
}
