import { and, eq } from 'drizzle-orm';
import type { Executor } from '../lib/db/index';
import {
  assets,
  courses,
  moduleVersions,
  releaseAssets,
  releaseGlossaries,
  releaseModuleLocales,
  releaseResources,
  releaseModules,
  releases,
} from '../lib/db/schema';

export type CourseRow = typeof courses.$inferInsert;
export type ReleaseRow = typeof releases.$inferInsert;
export type ModuleVersionRow = typeof moduleVersions.$inferInsert;
export type AssetRow = typeof assets.$inferInsert;
export type ReleaseModuleRow = typeof releaseModules.$inferInsert;
export type ReleaseModuleLocaleRow = typeof releaseModuleLocales.$inferInsert;
export type ReleaseAssetRow = typeof releaseAssets.$inferInsert;

export async function upsertCourse(db: Executor, row: CourseRow): Promise<void> {
  const { id: _id, ...rest } = row;
  await db
    .insert(courses)
    .values(row)
    .onConflictDoUpdate({ target: courses.id, set: { ...rest, updatedAt: new Date() } });
}

export async function findReleaseManifest(
  db: Executor,
  courseId: string,
  releaseId: string,
): Promise<string | undefined> {
  const rows = await db
    .select({ manifestHash: releases.manifestHash })
    .from(releases)
    .where(and(eq(releases.courseId, courseId), eq(releases.id, releaseId)));
  return rows[0]?.manifestHash;
}

export async function updateManifestHash(db: Executor, courseId: string, releaseId: string, hash: string) {
  await db
    .update(releases)
    .set({ manifestHash: hash })
    .where(and(eq(releases.courseId, courseId), eq(releases.id, releaseId)));
}

/** Content-addressed rows: a version or asset that is already stored is left as it is. */
export async function insertModuleVersions(db: Executor, rows: ModuleVersionRow[]): Promise<void> {
  if (rows.length) await db.insert(moduleVersions).values(rows).onConflictDoNothing();
}

export async function insertAssets(db: Executor, rows: AssetRow[]): Promise<void> {
  if (rows.length) await db.insert(assets).values(rows).onConflictDoNothing();
}

export async function insertRelease(
  db: Executor,
  release: ReleaseRow,
  modules: ReleaseModuleRow[],
  locales: ReleaseModuleLocaleRow[],
  files: ReleaseAssetRow[],
): Promise<void> {
  await db.insert(releases).values(release);
  if (modules.length) await db.insert(releaseModules).values(modules);
  if (locales.length) await db.insert(releaseModuleLocales).values(locales);
  if (files.length) await db.insert(releaseAssets).values(files);
}

export async function insertReleaseExtras(
  db: Executor,
  resources: (typeof releaseResources.$inferInsert)[],
  glossaries: (typeof releaseGlossaries.$inferInsert)[],
): Promise<void> {
  if (resources.length) await db.insert(releaseResources).values(resources);
  if (glossaries.length) await db.insert(releaseGlossaries).values(glossaries);
}

/** Fills in the text of a stored glossary that has none, when it is the text its hash was made from. */
export async function keepGlossarySource(
  db: Executor,
  g: { courseId: string; releaseId: string; locale: string; hash: string; raw: string },
): Promise<void> {
  await db
    .update(releaseGlossaries)
    .set({ source: g.raw })
    .where(
      and(
        eq(releaseGlossaries.courseId, g.courseId),
        eq(releaseGlossaries.releaseId, g.releaseId),
        eq(releaseGlossaries.locale, g.locale),
        eq(releaseGlossaries.hash, g.hash),
        eq(releaseGlossaries.source, ''),
      ),
    );
}
