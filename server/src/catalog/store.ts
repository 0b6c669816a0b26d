import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../lib/db/index';
import {
  assets,
  courses,
  moduleVersions,
  releaseAssets,
  releaseModuleLocales,
  releaseModules,
  releases,
} from '../lib/db/schema';

export type CourseRecord = typeof courses.$inferSelect;
export type ReleaseRecord = typeof releases.$inferSelect;
export type ReleaseModuleRecord = typeof releaseModules.$inferSelect & { locales: string[] };
export type ModuleVersionRecord = typeof moduleVersions.$inferSelect;

export async function listCourses(db: Executor): Promise<CourseRecord[]> {
  return db.select().from(courses).orderBy(asc(courses.id));
}

export async function findCourse(db: Executor, id: string): Promise<CourseRecord | undefined> {
  return (await db.select().from(courses).where(eq(courses.id, id)))[0];
}

export async function listReleases(db: Executor, courseId: string): Promise<ReleaseRecord[]> {
  return db.select().from(releases).where(eq(releases.courseId, courseId)).orderBy(asc(releases.position));
}

export async function listReleaseModules(
  db: Executor,
  courseId: string,
  releaseId: string,
): Promise<ReleaseModuleRecord[]> {
  const modules = await db
    .select()
    .from(releaseModules)
    .where(and(eq(releaseModules.courseId, courseId), eq(releaseModules.releaseId, releaseId)))
    .orderBy(asc(releaseModules.position));
  const locales = await db
    .select({ moduleId: releaseModuleLocales.moduleId, locale: releaseModuleLocales.locale })
    .from(releaseModuleLocales)
    .where(and(eq(releaseModuleLocales.courseId, courseId), eq(releaseModuleLocales.releaseId, releaseId)))
    .orderBy(asc(releaseModuleLocales.locale));
  return modules.map((m) => ({ ...m, locales: locales.filter((l) => l.moduleId === m.moduleId).map((l) => l.locale) }));
}

export async function findModuleVersion(
  db: Executor,
  key: { courseId: string; releaseId: string; moduleId: string; locale: string },
): Promise<ModuleVersionRecord | undefined> {
  const rows = await db
    .select({ version: moduleVersions })
    .from(releaseModuleLocales)
    .innerJoin(moduleVersions, eq(moduleVersions.hash, releaseModuleLocales.versionHash))
    .where(
      and(
        eq(releaseModuleLocales.courseId, key.courseId),
        eq(releaseModuleLocales.releaseId, key.releaseId),
        eq(releaseModuleLocales.moduleId, key.moduleId),
        eq(releaseModuleLocales.locale, key.locale),
      ),
    );
  return rows[0]?.version;
}

export async function findAsset(
  db: Executor,
  hash: string,
): Promise<{ mediaType: string; content: Buffer } | undefined> {
  const rows = await db
    .select({ mediaType: assets.mediaType, content: assets.content })
    .from(assets)
    .where(eq(assets.hash, hash));
  return rows[0];
}

/** The Markdown of every module text of a release, per module and locale. */
export async function releaseSources(db: Executor, courseId: string, releaseId: string) {
  return db
    .select({
      moduleId: releaseModuleLocales.moduleId,
      locale: releaseModuleLocales.locale,
      source: moduleVersions.source,
    })
    .from(releaseModuleLocales)
    .innerJoin(moduleVersions, eq(moduleVersions.hash, releaseModuleLocales.versionHash))
    .where(and(eq(releaseModuleLocales.courseId, courseId), eq(releaseModuleLocales.releaseId, releaseId)));
}

/** The images of a release's modules, by the file name the text uses. */
export async function releaseImages(db: Executor, courseId: string, releaseId: string) {
  return db
    .select({ moduleId: releaseAssets.moduleId, fileName: releaseAssets.fileName, assetHash: releaseAssets.assetHash })
    .from(releaseAssets)
    .innerJoin(assets, eq(assets.hash, releaseAssets.assetHash))
    .where(and(eq(releaseAssets.courseId, courseId), eq(releaseAssets.releaseId, releaseId)));
}

export async function findModuleVersionByHash(db: Executor, hash: string): Promise<ModuleVersionRecord | undefined> {
  return (await db.select().from(moduleVersions).where(eq(moduleVersions.hash, hash)))[0];
}

/** The modules of a release in order, with minutes and the quiz ids of each (the same in every locale). */
export async function releasePlan(db: Executor, courseId: string, releaseId: string) {
  const modules = await db
    .select({ id: releaseModules.moduleId, minutes: releaseModules.minutes, titles: releaseModules.titles })
    .from(releaseModules)
    .where(and(eq(releaseModules.courseId, courseId), eq(releaseModules.releaseId, releaseId)))
    .orderBy(asc(releaseModules.position));
  const texts = await db
    .select({
      moduleId: releaseModuleLocales.moduleId,
      locale: releaseModuleLocales.locale,
      hash: moduleVersions.hash,
      quizzes: moduleVersions.quizzes,
      defaultLocale: courses.defaultLocale,
    })
    .from(releaseModuleLocales)
    .innerJoin(moduleVersions, eq(moduleVersions.hash, releaseModuleLocales.versionHash))
    .innerJoin(courses, eq(courses.id, releaseModuleLocales.courseId))
    .where(and(eq(releaseModuleLocales.courseId, courseId), eq(releaseModuleLocales.releaseId, releaseId)));
  return modules.map((m) => {
    const mine = texts.filter((t) => t.moduleId === m.id);
    const source = mine.find((t) => t.locale === t.defaultLocale) ?? mine[0];
    return {
      ...m,
      quizIds: source ? source.quizzes.map((q) => q.id) : [],
      /** The knowledge check as the source language states it: questions, options and right answers. */
      quizKey: source ? JSON.stringify(source.quizzes) : '[]',
      /** Text hash per locale: a module "changed" between releases when any of them differs. */
      hashes: Object.fromEntries(mine.map((t) => [t.locale, t.hash])),
    };
  });
}
export type ReleasePlan = Awaited<ReturnType<typeof releasePlan>>;
