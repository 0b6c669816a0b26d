import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { certificates, enrolments } from '../lib/db/schema';

export type CertificateRecord = typeof certificates.$inferSelect;

export async function insertCertificate(db: Executor, row: typeof certificates.$inferInsert): Promise<void> {
  await db.insert(certificates).values(row).onConflictDoNothing();
}

export async function findCertificate(db: Executor, code: string) {
  const rows = await db
    .select({ certificate: certificates, userId: enrolments.userId })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .where(eq(certificates.code, code));
  return rows[0];
}

export async function certificateOfEnrolment(db: Executor, enrolmentId: string) {
  return (await db.select().from(certificates).where(eq(certificates.enrolmentId, enrolmentId)))[0];
}

export async function certificatesOfEnrolments(db: Executor, enrolmentIds: string[]) {
  if (!enrolmentIds.length) return [];
  return db.select().from(certificates).where(inArray(certificates.enrolmentId, enrolmentIds));
}

export async function revokeCertificate(db: Executor, code: string, reason: string): Promise<boolean> {
  const rows = await db
    .update(certificates)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(certificates.code, code), isNull(certificates.revokedAt)))
    .returning({ code: certificates.code });
  return rows.length > 0;
}

/** Removes the holder's name from every certificate of theirs (their account is being erased). */
export async function eraseHolderName(db: Executor, userId: string): Promise<void> {
  await db
    .update(certificates)
    .set({ holderName: null })
    .where(
      inArray(
        certificates.enrolmentId,
        db.select({ id: enrolments.id }).from(enrolments).where(eq(enrolments.userId, userId)),
      ),
    );
}
