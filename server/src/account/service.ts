import * as authStore from '../auth/store';
import type { Db, Executor } from '../lib/db';
import { NotFound } from '../lib/errors';
import type { TProfileUpdate, TProgressImport } from './schema';
import * as store from './store';

export async function getProfile(db: Db, userId: string) {
  const user = await authStore.findUserById(db, userId);
  if (!user || user.deletedAt) throw new NotFound('This account no longer exists.');
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

export async function updateProfile(db: Db, userId: string, changes: TProfileUpdate) {
  await authStore.updateUser(db, userId, changes);
  return getProfile(db, userId);
}

/**
 * Records module visits and quiz results: those kept in a guest's browser when they sign in, and
 * new ones as they happen. Each (module, release) and (quiz, release) is one row, so repeats never
 * double; a quiz keeps its best score.
 */
export async function importProgress(db: Db, userId: string, input: TProgressImport): Promise<void> {
  await db.transaction(async (tx) => {
    await store.upsertVisits(
      tx,
      input.visits.map((v) => ({
        userId,
        courseId: v.course,
        releaseId: v.release,
        moduleId: v.module,
        firstAt: new Date(v.at),
        lastAt: new Date(v.at),
      })),
    );
    await store.upsertQuizResults(
      tx,
      input.quizzes.map((q) => ({
        userId,
        courseId: q.course,
        releaseId: q.release,
        moduleId: q.module,
        quizId: q.quiz,
        bestScore: Math.round(q.score * 100),
        attempts: 1,
        lastAt: new Date(q.at),
      })),
    );
  });
}

export async function progress(db: Db, userId: string, courseId: string, releaseId: string) {
  const visits = await store.visitsOf(db, userId, courseId, releaseId);
  return { visited: visits.map((v) => ({ module: v.moduleId, firstAt: v.firstAt, lastAt: v.lastAt })) };
}

/** What features above identity (e.g. discussions) add to export and erasure, given by app.ts. */
export interface AccountHooks {
  /** More sections of "Download my data", by name. */
  exportSections?: Record<string, (db: Db, userId: string) => Promise<unknown>>;
  /** Run inside the erasing transaction. */
  onErase?: ((tx: Executor, userId: string) => Promise<void>)[];
}

/** Everything Atrium holds about the person, as one JSON document (GDPR article 20). */
export async function exportData(db: Db, userId: string, hooks: AccountHooks = {}) {
  const more: Record<string, unknown> = {};
  for (const [name, section] of Object.entries(hooks.exportSections ?? {})) more[name] = await section(db, userId);
  return {
    exportedAt: new Date().toISOString(),
    profile: await getProfile(db, userId),
    moduleVisits: await store.visitsOf(db, userId),
    quizResults: await store.quizResultsOf(db, userId),
    reflections: await store.reflectionsOf(db, userId),
    enrolments: await store.enrolmentsWithCertificatesOf(db, userId),
    ...more,
  };
}

/**
 * Erases the person: email, name, password and profile are blanked and sign-ins end. Learning
 * records keep only the random account id, which then points to nobody.
 */
export async function deleteAccount(db: Db, userId: string, hooks: AccountHooks = {}): Promise<void> {
  await db.transaction(async (tx) => {
    await authStore.updateUser(tx, userId, {
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
    await authStore.deleteIdentitiesOf(tx, userId);
    await authStore.deleteTokensOf(tx, userId);
    await authStore.deleteSessionsOf(tx, userId);
    for (const erase of hooks.onErase ?? []) await erase(tx, userId);
  });
}
