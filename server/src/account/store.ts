import { and, eq } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { certificates, enrolments, moduleVisits, quizResults, reflections } from '../lib/db/schema';

export async function visitsOf(db: Executor, userId: string, courseId?: string, releaseId?: string) {
  const where = [eq(moduleVisits.userId, userId)];
  if (courseId) where.push(eq(moduleVisits.courseId, courseId));
  if (releaseId) where.push(eq(moduleVisits.releaseId, releaseId));
  return db
    .select()
    .from(moduleVisits)
    .where(and(...where));
}

export async function reflectionsOf(db: Executor, userId: string) {
  return db
    .select({
      course: reflections.courseId,
      module: reflections.moduleId,
      reflection: reflections.reflectionId,
      text: reflections.text,
      updatedAt: reflections.updatedAt,
    })
    .from(reflections)
    .where(eq(reflections.userId, userId));
}

export async function quizResultsOf(db: Executor, userId: string) {
  return db.select().from(quizResults).where(eq(quizResults.userId, userId));
}

export async function enrolmentsWithCertificatesOf(db: Executor, userId: string) {
  return db
    .select({
      registration: enrolments.id,
      course: enrolments.courseId,
      release: enrolments.releaseId,
      enrolledAt: enrolments.enrolledAt,
      completedAt: enrolments.completedAt,
      certificate: certificates.code,
      certificateRevokedAt: certificates.revokedAt,
    })
    .from(enrolments)
    .leftJoin(certificates, eq(certificates.enrolmentId, enrolments.id))
    .where(eq(enrolments.userId, userId));
}

export async function deleteReflectionsOf(db: Executor, userId: string): Promise<void> {
  await db.delete(reflections).where(eq(reflections.userId, userId));
}
