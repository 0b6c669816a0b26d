import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { enrolments } from '../lib/db/schema';

export async function findEnrolment(db: Executor, userId: string, courseId: string) {
  return (
    await db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.userId, userId), eq(enrolments.courseId, courseId)))
  )[0];
}

/** Inserts unless the learner is already enrolled in the course; returns the enrolment that holds. */
export async function insertEnrolment(db: Executor, row: typeof enrolments.$inferInsert) {
  const inserted = await db.insert(enrolments).values(row).onConflictDoNothing().returning();
  return {
    enrolment: inserted[0] ?? (await findEnrolment(db, row.userId, row.courseId))!,
    created: inserted.length > 0,
  };
}

export async function enrolmentsOf(db: Executor, userId: string) {
  return db.select().from(enrolments).where(eq(enrolments.userId, userId)).orderBy(desc(enrolments.enrolledAt));
}

export async function setEnrolmentRelease(db: Executor, enrolmentId: string, releaseId: string): Promise<void> {
  await db.update(enrolments).set({ releaseId }).where(eq(enrolments.id, enrolmentId));
}
