import { randomUUID } from 'node:crypto';
import { hashPassword, passwordProblem } from '../auth/passwords';
import * as auth from '../auth/service';
import type { Db } from '../lib/db';
import type { Role } from '../lib/db/schema';
import { Conflict, Forbidden, NotFound } from '../lib/errors';
import * as store from './store';
import type { TUserQuery } from './schema';

export async function listUsers(db: Db, query: TUserQuery) {
  const { rows, total } = await store.searchUsers(db, query);
  return { users: rows, total, page: query.page, pageSize: store.PAGE_SIZE };
}

async function requireUser(db: Db, id: string) {
  const user = await auth.findUser(db, id);
  if (!user || user.deletedAt) throw new NotFound(`There is no user ${id}.`, { reason: 'user.not_found' });
  return user;
}

/** Changes a role or disables an account; an admin cannot take their own admin role or access away. */
export async function changeUser(db: Db, actorId: string, id: string, change: { role?: Role; disabled?: boolean }) {
  const user = await requireUser(db, id);
  if (id === actorId && ((change.role && change.role !== 'admin') || change.disabled))
    throw new Forbidden('You cannot remove your own admin role or disable yourself; ask another admin.', {
      reason: 'user.own_account',
    });
  const updated = await auth.updateUser(db, user.id, {
    ...(change.role ? { role: change.role } : {}),
    ...(change.disabled !== undefined ? { disabledAt: change.disabled ? new Date() : null } : {}),
  });
  if (change.disabled) await auth.endSessions(db, user.id);
  return { id: updated!.id, email: updated!.email, role: updated!.role, disabled: Boolean(updated!.disabledAt) };
}

export async function changeUserByEmail(db: Db, email: string, change: { role?: Role; disabled?: boolean }) {
  const user = await auth.findUserByEmail(db, email.toLowerCase());
  if (!user) throw new NotFound(`There is no user with the email ${email}.`);
  return changeUser(db, '', user.id, change);
}

/** Accounts made by an admin (the first admin of a fresh install is made this way) start verified. */
export async function createUser(db: Db, input: { email: string; password: string; role: Role; displayName?: string }) {
  const email = input.email.trim().toLowerCase();
  const problem = passwordProblem(input.password, email);
  if (problem) throw problem;
  if (await auth.findUserByEmail(db, email)) throw new Conflict(`There is already an account for ${email}.`);
  const user = await auth.addUser(db, {
    id: randomUUID(),
    email,
    displayName: input.displayName ?? email.split('@')[0],
    passwordHash: await hashPassword(input.password),
    emailVerifiedAt: new Date(),
    role: input.role,
  });
  return { id: user.id, email: user.email, role: user.role };
}
