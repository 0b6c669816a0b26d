import { randomUUID } from 'node:crypto';
import * as catalog from '../catalog/service';
import { NotFound } from '../lib/errors';
import type { Executor } from '../lib/db';
import { learningStatement, type LearningEvent } from '../xapi/profile';
import type { Lrs } from '../xapi/lrs';
import { newStatement } from '../xapi/service';
import * as store from './enrolment-store';
import { refreshSummaries } from './summaries';

export type EnrolmentDeps = Lrs;

/**
 * Records a `registered` statement: on enrolment, and on a switch of release (with the release left).
 * Made inside the caller's transaction, so the enrolment and its statement stand or fall together.
 */
export async function recordRegistration(
  deps: EnrolmentDeps,
  tx: Executor,
  event: Omit<LearningEvent, 'publicUrl' | 'verb' | 'module' | 'progress'>,
): Promise<void> {
  const statement = newStatement(learningStatement({ ...event, publicUrl: deps.publicUrl, verb: 'registered' }));
  await deps.store({ kind: 'platform' }, statement, '1.0.3', { within: tx });
}

/**
 * Enrols a signed-in learner in a course release when they first open one of its modules. The
 * enrolment id is the xAPI registration, and a `registered` statement is stored with it, in one
 * transaction. A learner already enrolled in the course keeps their enrolment (and its release).
 */
export async function ensureEnrolment(
  deps: EnrolmentDeps,
  user: { id: string; role: string },
  courseId: string,
  releaseId: string,
  language: string,
  how: 'on-purpose' | 'by-opening' = 'on-purpose',
) {
  const userId = user.id;
  const releases = await catalog.listReleases(deps.db, courseId);
  if (!releases.some((r) => r.id === releaseId))
    throw new NotFound(`Course "${courseId}" has no release "${releaseId}".`, {
      reason: 'enrolment.no_release',
      release: releaseId,
    });
  const existing = await store.findEnrolment(deps.db, userId, courseId);
  if (existing) return { registration: existing.id, releaseId: existing.releaseId, created: false };
  // Trainers, staff and admins open modules to check them: only a learner is enrolled by doing so.
  if (how === 'by-opening' && user.role !== 'learner') return { registration: null, releaseId, created: false };
  return deps.db.transaction(async (tx) => {
    const { enrolment, created } = await store.insertEnrolment(tx, { id: randomUUID(), userId, courseId, releaseId });
    if (created)
      await recordRegistration(deps, tx, {
        userId,
        course: courseId,
        release: releaseId,
        registration: enrolment.id,
        language,
      });
    if (created) await refreshSummaries(tx, [{ userId, courseId }]);
    return { registration: enrolment.id, releaseId: enrolment.releaseId, created };
  });
}
