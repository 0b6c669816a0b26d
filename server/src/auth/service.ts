import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../lib/db';
import type { Role } from '../lib/db/schema';
import { Forbidden, Invalid, Unauthenticated } from '../lib/errors';
import { serverT } from '../lib/i18n/server-i18n';
import type { Mailer } from '../lib/mail';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';
import type { TSignUp } from './schema';
import * as store from './store';

export interface AuthDeps {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
}

const VERIFY_HOURS = 48;
const RESET_MINUTES = 30;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type SessionUser = Pick<store.UserRecord, 'id' | 'email' | 'displayName' | 'role' | 'preferredLocale'> & {
  emailVerified: boolean;
};

export function toSessionUser(user: store.UserRecord): SessionUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    preferredLocale: user.preferredLocale,
    emailVerified: Boolean(user.emailVerifiedAt),
  };
}

const usable = (user: store.UserRecord | undefined): user is store.UserRecord =>
  Boolean(user && !user.deletedAt && !user.disabledAt);

async function issueToken(deps: AuthDeps, user: store.UserRecord, purpose: 'verify' | 'reset'): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const ttl = purpose === 'verify' ? VERIFY_HOURS * 3600_000 : RESET_MINUTES * 60_000;
  await store.insertToken(deps.db, {
    tokenHash: hashToken(token),
    userId: user.id,
    purpose,
    expiresAt: new Date(Date.now() + ttl),
  });
  return token;
}

async function mailLink(deps: AuthDeps, user: store.UserRecord, kind: 'verify' | 'reset' | 'exists', link: string) {
  const t = serverT(user.preferredLocale, 'mail');
  const expiry =
    kind === 'verify'
      ? t('verify.expiry', { hours: VERIFY_HOURS })
      : kind === 'reset'
        ? t('reset.expiry', { minutes: RESET_MINUTES })
        : '';
  const text = [
    t('greeting', { name: user.displayName ?? '' }),
    t(`${kind}.body`),
    link,
    expiry,
    t('ignore'),
    t('signature'),
  ]
    .filter(Boolean)
    .join('\n\n');
  await deps.mailer.send({ to: user.email!, subject: t(`${kind}.subject`), text });
}

/**
 * Creates an account and mails a verification link. An address that already has an account gets a
 * mail saying so instead; the response is the same either way, so it tells nobody who is registered.
 */
export async function signUp(deps: AuthDeps, input: TSignUp): Promise<void> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new Invalid(problem);
  const existing = await store.findUserByEmail(deps.db, input.email);
  if (existing) {
    if (usable(existing)) {
      const token = await issueToken(deps, existing, 'reset');
      await mailLink(deps, existing, 'exists', `${deps.publicUrl}/reset-password?token=${token}`);
    }
    return;
  }
  const user = await store.insertUser(deps.db, {
    id: randomUUID(),
    email: input.email,
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
    preferredLocale: input.locale ?? null,
    role: 'learner',
  });
  const token = await issueToken(deps, user, 'verify');
  await mailLink(deps, user, 'verify', `${deps.publicUrl}/verify-email?token=${token}`);
}

export async function verifyEmail(deps: AuthDeps, token: string): Promise<store.UserRecord> {
  const row = await store.consumeToken(deps.db, hashToken(token), 'verify');
  const user = row && (await store.findUserById(deps.db, row.userId));
  if (!usable(user))
    throw new Invalid('token: this link has expired or was already used; sign in and ask for a new one');
  return (await store.updateUser(deps.db, user.id, { emailVerifiedAt: user.emailVerifiedAt ?? new Date() }))!;
}

export async function resendVerification(deps: AuthDeps, userId: string): Promise<void> {
  const user = await store.findUserById(deps.db, userId);
  if (!usable(user) || user.emailVerifiedAt) return;
  const token = await issueToken(deps, user, 'verify');
  await mailLink(deps, user, 'verify', `${deps.publicUrl}/verify-email?token=${token}`);
}

export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  const user = await store.findUserByEmail(deps.db, email);
  if (!usable(user)) return;
  const token = await issueToken(deps, user, 'reset');
  await mailLink(deps, user, 'reset', `${deps.publicUrl}/reset-password?token=${token}`);
}

/** Sets a new password from a reset link; every other session of the account is signed out. */
export async function resetPassword(deps: AuthDeps, token: string, password: string): Promise<store.UserRecord> {
  const problem = passwordProblem(password);
  if (problem) throw new Invalid(problem);
  const row = await store.consumeToken(deps.db, hashToken(token), 'reset');
  const user = row && (await store.findUserById(deps.db, row.userId));
  if (!usable(user)) throw new Invalid('token: this link has expired or was already used; ask for a new one');
  const emailProblem = passwordProblem(password, user.email ?? undefined);
  if (emailProblem) throw new Invalid(emailProblem);
  await store.deleteSessionsOf(deps.db, user.id);
  return (await store.updateUser(deps.db, user.id, {
    passwordHash: await hashPassword(password),
    emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
  }))!;
}

const WRONG_CREDENTIALS = 'The email or the password is not right. Check both, or reset your password.';

export async function authenticate(deps: AuthDeps, email: string, password: string): Promise<store.UserRecord> {
  const user = await store.findUserByEmail(deps.db, email);
  const ok = await verifyPassword(usable(user) ? user.passwordHash : null, password);
  if (!ok || !usable(user)) throw new Unauthenticated(WRONG_CREDENTIALS);
  return user;
}

/** The first sign-in through a city's single sign-on creates the account, or links it by verified email. */
export async function signInWithOidc(
  deps: AuthDeps,
  claims: { issuer: string; subject: string; email?: string; emailVerified?: boolean; name?: string; locale?: string },
): Promise<store.UserRecord> {
  const identity = await store.findIdentity(deps.db, claims.issuer, claims.subject);
  if (identity) {
    const user = await store.findUserById(deps.db, identity.userId);
    if (!usable(user)) throw new Forbidden('This account is disabled or deleted.');
    return user;
  }
  if (!claims.email || !claims.emailVerified)
    throw new Forbidden(
      'Your sign-on provider did not confirm your email address, so Atrium cannot link your account.',
    );
  const email = claims.email.toLowerCase();
  return deps.db.transaction(async (tx) => {
    let user = await store.findUserByEmail(tx, email);
    if (user && !usable(user)) throw new Forbidden('This account is disabled or deleted.');
    user ??= await store.insertUser(tx, {
      id: randomUUID(),
      email,
      displayName: claims.name ?? email.split('@')[0],
      preferredLocale: claims.locale?.slice(0, 2) ?? null,
      emailVerifiedAt: new Date(),
      role: 'learner',
    });
    if (!user.emailVerifiedAt) user = (await store.updateUser(tx, user.id, { emailVerifiedAt: new Date() }))!;
    await store.insertIdentity(tx, { issuer: claims.issuer, subject: claims.subject, userId: user.id });
    return user;
  });
}

export async function userForSession(deps: AuthDeps, id: string): Promise<SessionUser | undefined> {
  const user = await store.findUserById(deps.db, id);
  return usable(user) ? toSessionUser(user) : undefined;
}

export function hasRole(user: SessionUser | undefined, roles: readonly Role[]): boolean {
  return Boolean(user && roles.includes(user.role));
}
