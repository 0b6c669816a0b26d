import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { authTokens, sessions, userIdentities, users } from '../lib/db/schema';

export type UserRecord = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function findUserByEmail(db: Executor, email: string): Promise<UserRecord | undefined> {
  return (await db.select().from(users).where(eq(users.email, email)))[0];
}

export async function findUserById(db: Executor, id: string): Promise<UserRecord | undefined> {
  return (await db.select().from(users).where(eq(users.id, id)))[0];
}

export async function insertUser(db: Executor, user: NewUser): Promise<UserRecord> {
  return (await db.insert(users).values(user).returning())[0];
}

export async function updateUser(db: Executor, id: string, changes: Partial<NewUser>): Promise<UserRecord | undefined> {
  return (await db.update(users).set(changes).where(eq(users.id, id)).returning())[0];
}

export async function insertToken(db: Executor, row: typeof authTokens.$inferInsert): Promise<void> {
  await db.insert(authTokens).values(row);
}

/** Marks a live token used and returns it; a token used, expired or unknown gives undefined. */
export async function consumeToken(db: Executor, tokenHash: string, purpose: 'verify' | 'reset') {
  const rows = await db
    .update(authTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(authTokens.tokenHash, tokenHash),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, new Date()),
      ),
    )
    .returning();
  return rows[0];
}

export async function deleteTokensOf(db: Executor, userId: string): Promise<void> {
  await db.delete(authTokens).where(eq(authTokens.userId, userId));
}

export async function findIdentity(db: Executor, issuer: string, subject: string) {
  return (
    await db
      .select()
      .from(userIdentities)
      .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)))
  )[0];
}

export async function insertIdentity(db: Executor, row: typeof userIdentities.$inferInsert): Promise<void> {
  await db.insert(userIdentities).values(row).onConflictDoNothing();
}

export async function deleteSessionsOf(db: Executor, userId: string, exceptSid?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      exceptSid ? and(eq(sessions.userId, userId), sql`${sessions.sid} <> ${exceptSid}`) : eq(sessions.userId, userId),
    );
}

export async function deleteIdentitiesOf(db: Executor, userId: string): Promise<void> {
  await db.delete(userIdentities).where(eq(userIdentities.userId, userId));
}
