import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { enrolments, users } from '../lib/db/schema';
import { Invalid } from '../lib/errors';
import type { Lrs } from '../xapi/lrs';
import { switchRelease, type SwitchPlan } from './switch';

export type LearnerGroup = { organisation: string } | { emails: string[] };

/** Learners of a course picked by organisation (case-insensitive) or by email list; unknown emails are reported. */
export async function findGroup(db: Executor, courseId: string, group: LearnerGroup) {
  const enrolled = db
    .select({ userId: users.id, email: users.email, releaseId: enrolments.releaseId })
    .from(users)
    .innerJoin(enrolments, and(eq(enrolments.userId, users.id), eq(enrolments.courseId, courseId)));
  if ('organisation' in group) {
    const found = await enrolled.where(sql`lower(${users.organisation}) = lower(${group.organisation})`);
    return { learners: found, notEnrolled: [] as string[] };
  }
  const wanted = [...new Set(group.emails.map((e) => e.toLowerCase()))];
  if (!wanted.length) throw new Invalid('The list of learners is empty.');
  const found = await enrolled.where(inArray(users.email, wanted));
  const seen = new Set(found.map((f) => f.email));
  return { learners: found, notEnrolled: wanted.filter((e) => !seen.has(e)) };
}

/**
 * Moves a group of learners to another release, one learner per transaction so that one refusal does
 * not undo the others. A dry run computes the same plans and writes nothing.
 */
export async function switchGroup(
  deps: Lrs,
  input: { courseId: string; to: string; group: LearnerGroup; dryRun: boolean },
  onProgress?: (done: number, total: number) => void,
) {
  const { learners, notEnrolled } = await findGroup(deps.db, input.courseId, input.group);
  const plans: (SwitchPlan & { email: string | null })[] = [];
  for (const [i, learner] of learners.entries()) {
    const plan = await switchRelease(deps, learner.userId, input.courseId, input.to, { dryRun: input.dryRun });
    plans.push({ ...plan, email: learner.email });
    onProgress?.(i + 1, learners.length);
  }
  return { plans, notEnrolled };
}
