import { count, countDistinct, isNull } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { moduleVisits, users } from '../lib/db/schema';

export async function accountsByRole(db: Executor) {
  return db
    .select({ role: users.role, accounts: count() })
    .from(users)
    .where(isNull(users.deletedAt))
    .groupBy(users.role)
    .orderBy(users.role);
}

export async function visitsByRelease(db: Executor) {
  return db
    .select({
      course: moduleVisits.courseId,
      release: moduleVisits.releaseId,
      learners: countDistinct(moduleVisits.userId),
      visits: count(),
    })
    .from(moduleVisits)
    .groupBy(moduleVisits.courseId, moduleVisits.releaseId)
    .orderBy(moduleVisits.courseId, moduleVisits.releaseId);
}
