import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db, Executor } from '../lib/db';
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
  /** A mail that could not be sent after its request was answered. */
  onMailError?: (err: unknown) => void;
  /** Mails still being sent (tests and shutdown wait for them). */
  pendingMail?: Set<Promise<unknown>>;
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

/** Sends after the answer: how long a mail server takes must not tell who has an account. */
function inBackground(deps: AuthDeps, mail: Promise<void>): void {
  const pending = mail.catch((err: unknown) => deps.onMailError?.(err));
  deps.pendingMail?.add(pending);
  void pending.finally(() => deps.pendingMail?.delete(pending));
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
  if (problem) throw problem;
  // The hash runs for a known address too, so the answer takes as long either way.
  const passwordHash = await hashPassword(input.password);
  const existing = await store.findUserByEmail(deps.db, input.email);
  if (existing) {
    if (usable(existing)) {
      const token = await issueToken(deps, existing, 'reset');
      inBackground(deps, mailLink(deps, existing, 'exists', `${deps.publicUrl}/reset-password?token=${token}`));
    }
    return;
  }
  const user = await store.insertUser(deps.db, {
    id: randomUUID(),
    email: input.email,
    passwordHash,
    displayName: input.displayName,
    preferredLocale: input.locale ?? null,
    role: 'learner',
  });
  const token = await issueToken(deps, user, 'verify');
  inBackground(deps, mailLink(deps, user, 'verify', `${deps.publicUrl}/verify-email?token=${token}`));
}

export async function verifyEmail(deps: AuthDeps, token: string): Promise<store.UserRecord> {
  const row = await store.consumeToken(deps.db, hashToken(token), 'verify');
  const user = row && (await store.findUserById(deps.db, row.userId));
  if (!usable(user))
    throw new Invalid('token: this link has expired or was already used; sign in and ask for a new one', {
      reason: 'auth.link_expired',
    });
  return (await store.updateUser(deps.db, user.id, { emailVerifiedAt: user.emailVerifiedAt ?? new Date() }))!;
}

export async function resendVerification(deps: AuthDeps, userId: string): Promise<void> {
  const user = await store.findUserById(deps.db, userId);
  if (!usable(user) || user.emailVerifiedAt) return;
  const token = await issueToken(deps, user, 'verify');
  await mailLink(deps, user, 'verify', `${deps.publicUrl}/verify-email?token=${token}`);
}

/**
 * Mails a reset link to a known address. The same work is done for an unknown one: a token is made
 * and hashed either way, and the mail goes out after the answer, so neither the answer nor its timing
 * tells whether the address has an account.
 */
export async function requestPasswordReset(deps: AuthDeps, email: string): Promise<void> {
  const user = await store.findUserByEmail(deps.db, email);
  if (!usable(user)) {
    hashToken(randomBytes(32).toString('base64url'));
    await store.findUserById(deps.db, randomUUID());
    return;
  }
  const token = await issueToken(deps, user, 'reset');
  inBackground(deps, mailLink(deps, user, 'reset', `${deps.publicUrl}/reset-password?token=${token}`));
}

/** Sets a new password from a reset link; every other session of the account is signed out. */
export async function resetPassword(deps: AuthDeps, token: string, password: string): Promise<store.UserRecord> {
  const problem = passwordProblem(password);
  if (problem) throw problem;
  const row = await store.consumeToken(deps.db, hashToken(token), 'reset');
  const user = row && (await store.findUserById(deps.db, row.userId));
  if (!usable(user))
    throw new Invalid('token: this link has expired or was already used; ask for a new one', {
      reason: 'auth.link_expired',
    });
  const emailProblem = passwordProblem(password, user.email ?? undefined);
  if (emailProblem) throw emailProblem;
  await store.deleteSessionsOf(deps.db, user.id);
  return (await store.updateUser(deps.db, user.id, {
    passwordHash: await hashPassword(password),
    emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
  }))!;
}

const WRONG_CREDENTIALS = 'The email or the password is not right. Check both, or reset your password.';

export async function authenticate(deps: AuthDeps, email: string, password: string): Promise<store.UserRecord> {
  // Addresses are kept in lower case: Learner2@Example.org is learner2@example.org.
  const user = await store.findUserByEmail(deps.db, email.trim().toLowerCase());
  const ok = await verifyPassword(usable(user) ? user.passwordHash : null, password);
  if (!ok || !usable(user)) throw new Unauthenticated(WRONG_CREDENTIALS, { reason: 'auth.wrong_credentials' });
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
    if (!usable(user)) throw new Forbidden('This account is disabled or deleted.', { reason: 'auth.account_disabled' });
    return user;
  }
  if (!claims.email || !claims.emailVerified)
    throw new Forbidden(
      'Your sign-on provider did not confirm your email address, so Atrium cannot link your account.',
      { reason: 'auth.provider_unconfirmed_email' },
    );
  const email = claims.email.toLowerCase();
  return deps.db.transaction(async (tx) => {
    let user = await store.findUserByEmail(tx, email);
    if (user && !usable(user))
      throw new Forbidden('This account is disabled or deleted.', { reason: 'auth.account_disabled' });
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

/** The signed-in user of a session; `known` is the account row when it was read with the session. */
export async function userForSession(
  deps: AuthDeps,
  id: string,
  known?: store.UserRecord | null,
): Promise<SessionUser | undefined> {
  const user = known?.id === id ? known : await store.findUserById(deps.db, id);
  return usable(user) ? toSessionUser(user) : undefined;
}

export function hasRole(user: SessionUser | undefined, roles: readonly Role[]): boolean {
  return Boolean(user && roles.includes(user.role));
}

/** A user's record, erased or not, for the features that work on accounts; undefined if none. */
export const findUser = (db: Executor, id: string) => store.findUserById(db, id);

/** The user with this (lower-case) address, if any. */
export const findUserByEmail = (db: Executor, email: string) => store.findUserByEmail(db, email);

/** Adds an account as given (the caller has checked the address and hashed the password). */
export const addUser = (db: Executor, user: store.NewUser) => store.insertUser(db, user);

/** Changes a user's record; undefined if there is no such user. */
export const updateUser = (db: Executor, id: string, changes: Partial<store.NewUser>) =>
  store.updateUser(db, id, changes);

/** Signs the user out everywhere. */
export const endSessions = (db: Executor, userId: string) => store.deleteSessionsOf(db, userId);

/**
 * Erasure, as far as identity goes: the address, name, password and profile are blanked, the account
 * is marked deleted, and every way back in (sessions, mailed links, single sign-on links) is removed.
 */
export async function eraseUser(tx: Executor, userId: string): Promise<void> {
  await store.updateUser(tx, userId, {
    email: null,
    emailVerifiedAt: null,
    passwordHash: null,
    displayName: null,
    preferredLocale: null,
    organisation: null,
    city: null,
    country: null,
    organisationKind: null,
    gender: null,
    namedInReports: false,
    deletedAt: new Date(),
  });
  await store.deleteIdentitiesOf(tx, userId);
  await store.deleteTokensOf(tx, userId);
  await store.deleteSessionsOf(tx, userId);
}
