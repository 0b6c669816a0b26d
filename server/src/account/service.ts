import * as auth from '../auth/service';
import * as xapiDocuments from '../xapi/documents-service';
import type { Lrs } from '../xapi/lrs';
import type { Db, Executor } from '../lib/db';
import { NotFound } from '../lib/errors';
import type { TProfileUpdate } from './schema';

export async function getProfile(db: Db, userId: string) {
  const user = await auth.findUser(db, userId);
  if (!user || user.deletedAt) throw new NotFound('This account no longer exists.', { reason: 'account.gone' });
  return {
    id: user.id,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    displayName: user.displayName,
    role: user.role,
    preferredLocale: user.preferredLocale,
    organisation: user.organisation,
    city: user.city,
    country: user.country,
    organisationKind: user.organisationKind,
    gender: user.gender,
    namedInReports: user.namedInReports,
    createdAt: user.createdAt,
  };
}

export async function updateProfile(db: Db, userId: string, changes: TProfileUpdate, hooks?: AccountHooks) {
  await db.transaction(async (tx) => {
    await auth.updateUser(tx, userId, changes);
    for (const changed of hooks?.onProfileChanged ?? []) await changed(tx, userId);
  });
  return getProfile(db, userId);
}

/**
 * What features above identity (learning, discussions) add to export and erasure, given by app.ts:
 * account cannot import them, as they import account.
 */
export interface AccountHooks {
  /** More sections of "Download my data": each gives its sections by name. */
  exportSections?: ((db: Db, userId: string) => Promise<Record<string, unknown>>)[];
  /** Run inside the erasing transaction. */
  onErase?: ((tx: Executor, userId: string) => Promise<void>)[];
  /** Run inside the transaction that changed the profile. */
  onProfileChanged?: ((tx: Executor, userId: string) => Promise<void>)[];
}

export interface AccountDeps {
  db: Db;
  lrs: Lrs;
  hooks?: AccountHooks;
}

/** Every statement whose actor is the learner, oldest first, read page by page through the LRS. */
async function statementsOf(deps: AccountDeps, userId: string): Promise<unknown[]> {
  const all: unknown[] = [];
  let after: number | undefined;
  let through: number | undefined;
  do {
    const page = await deps.lrs.queryStatements(
      { kind: 'learner', userId },
      {
        relatedAgents: false,
        relatedActivities: false,
        ascending: true,
        limit: 500,
        after,
        through,
      },
    );
    all.push(...page.statements.map((s) => (typeof s === 'string' ? JSON.parse(s) : s)));
    ({ nextAfter: after, through } = page);
  } while (after !== undefined);
  return all;
}

/** Everything Atrium holds about the person, as one JSON document (GDPR article 20). */
export async function exportData(deps: AccountDeps, userId: string) {
  const { db } = deps;
  const more: Record<string, unknown> = {};
  for (const sections of deps.hooks?.exportSections ?? []) Object.assign(more, await sections(db, userId));
  return {
    exportedAt: new Date().toISOString(),
    profile: await getProfile(db, userId),
    ...more,
    xapiStatements: await statementsOf(deps, userId),
    xapiDocuments: await xapiDocuments.learnerDocuments(db, deps.lrs.publicUrl, userId),
  };
}

/**
 * Erases the person: email, name, password and profile are blanked and sign-ins end; reflections and
 * xAPI documents (State, Agent Profile) are deleted; certificates stay verifiable without the name.
 * Learning records keep only the random account id, which then points to nobody. Reflections,
 * certificates and comments are the hooks' part (learning's and discussions'). (Rate-limit counters
 * hold only keyed hashes of addresses and expire within the hour.)
 */
export async function deleteAccount(deps: AccountDeps, userId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await auth.eraseUser(tx, userId);
    await xapiDocuments.eraseLearnerDocuments(tx, deps.lrs.publicUrl, userId);
    for (const erase of deps.hooks?.onErase ?? []) await erase(tx, userId);
  });
}
