import { and, asc, count, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { users, type Role } from '../lib/db/schema';

export const PAGE_SIZE = 50;

export async function searchUsers(db: Executor, filter: { q?: string; role?: Role; page: number }) {
  const where: SQL[] = [isNull(users.deletedAt)];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(users.email, like), ilike(users.displayName, like), ilike(users.organisation, like))!);
  }
  if (filter.role) where.push(eq(users.role, filter.role));
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      role: users.role,
      organisation: users.organisation,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.email))
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE);
  const total = (
    await db
      .select({ n: count() })
      .from(users)
      .where(and(...where))
  )[0].n;
  return { rows, total };
}
