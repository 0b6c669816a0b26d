import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../lib/db/index';
import {
  assets,
  draftCourses,
  draftExtras,
  draftImages,
  draftModules,
  draftRevisions,
  draftTexts,
  users,
} from '../lib/db/schema';

export type DraftCourseRow = typeof draftCourses.$inferSelect;
export type DraftModuleRow = typeof draftModules.$inferSelect;
export type DraftTextRow = typeof draftTexts.$inferSelect;
export type DraftImageRow = typeof draftImages.$inferSelect;

export async function findDraftCourse(db: Executor, courseId: string, forUpdate = false) {
  const query = db.select().from(draftCourses).where(eq(draftCourses.courseId, courseId));
  const rows = await (forUpdate ? query.for('update') : query);
  return rows[0];
}

export async function listDraftCourses(db: Executor) {
  return db.select().from(draftCourses).orderBy(asc(draftCourses.courseId));
}

export async function insertDraftCourse(db: Executor, row: typeof draftCourses.$inferInsert) {
  await db.insert(draftCourses).values(row);
}

export async function updateDraftCourse(
  db: Executor,
  courseId: string,
  set: Partial<Pick<DraftCourseRow, 'title' | 'summary' | 'passMark' | 'syncedRevision'>>,
) {
  await db
    .update(draftCourses)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(draftCourses.courseId, courseId));
}

export async function markSynced(db: Executor, courseId: string, revision: number) {
  await db
    .update(draftCourses)
    .set({ syncedRevision: revision })
    .where(and(eq(draftCourses.courseId, courseId), eq(draftCourses.revision, revision)));
}

/** Counts one more change to the draft; returns the new course revision. */
export async function bumpCourseRevision(db: Executor, courseId: string): Promise<number> {
  const rows = await db
    .update(draftCourses)
    .set({ revision: sql`${draftCourses.revision} + 1`, updatedAt: new Date() })
    .where(eq(draftCourses.courseId, courseId))
    .returning({ revision: draftCourses.revision });
  return rows[0].revision;
}

export async function deleteDraftContent(db: Executor, courseId: string) {
  await db.delete(draftModules).where(eq(draftModules.courseId, courseId));
  await db.delete(draftTexts).where(eq(draftTexts.courseId, courseId));
  await db.delete(draftImages).where(eq(draftImages.courseId, courseId));
}

export async function listModules(db: Executor, courseId: string) {
  return db
    .select()
    .from(draftModules)
    .where(eq(draftModules.courseId, courseId))
    .orderBy(asc(draftModules.position), asc(draftModules.moduleId));
}

export async function insertModule(db: Executor, row: typeof draftModules.$inferInsert) {
  await db.insert(draftModules).values(row);
}

export async function updateModule(
  db: Executor,
  courseId: string,
  moduleId: string,
  set: Partial<Pick<DraftModuleRow, 'position' | 'slug' | 'titles'>>,
) {
  await db
    .update(draftModules)
    .set(set)
    .where(and(eq(draftModules.courseId, courseId), eq(draftModules.moduleId, moduleId)));
}

export async function deleteModule(db: Executor, courseId: string, moduleId: string) {
  const where = <T extends typeof draftTexts | typeof draftImages>(t: T) =>
    and(eq(t.courseId, courseId), eq(t.moduleId, moduleId));
  await db.delete(draftTexts).where(where(draftTexts));
  await db.delete(draftImages).where(where(draftImages));
  await db.delete(draftModules).where(and(eq(draftModules.courseId, courseId), eq(draftModules.moduleId, moduleId)));
}

export async function listTexts(db: Executor, courseId: string) {
  return db.select().from(draftTexts).where(eq(draftTexts.courseId, courseId));
}

export async function findText(db: Executor, courseId: string, moduleId: string, locale: string, forUpdate = false) {
  const query = db
    .select({
      source: draftTexts.source,
      revision: draftTexts.revision,
      updatedAt: draftTexts.updatedAt,
      updatedBy: users.displayName,
    })
    .from(draftTexts)
    .leftJoin(users, eq(users.id, draftTexts.updatedBy))
    .where(and(eq(draftTexts.courseId, courseId), eq(draftTexts.moduleId, moduleId), eq(draftTexts.locale, locale)));
  const rows = await (forUpdate ? query.for('update', { of: draftTexts }) : query);
  return rows[0];
}

/** Highest revision ever written for a text (also of a removed one), so numbers are never reused. */
export async function lastRevision(db: Executor, courseId: string, moduleId: string, locale: string) {
  const rows = await db
    .select({ max: sql<number | null>`max(${draftRevisions.revision})` })
    .from(draftRevisions)
    .where(
      and(
        eq(draftRevisions.courseId, courseId),
        eq(draftRevisions.moduleId, moduleId),
        eq(draftRevisions.locale, locale),
      ),
    );
  return Number(rows[0]?.max ?? 0);
}

/** Writes a text's new revision and its history row. */
export async function writeText(
  db: Executor,
  row: { courseId: string; moduleId: string; locale: string; source: string; revision: number },
  authorId: string | null,
  note: string | null = null,
) {
  await db
    .insert(draftTexts)
    .values({ ...row, updatedBy: authorId, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [draftTexts.courseId, draftTexts.moduleId, draftTexts.locale],
      set: { source: row.source, revision: row.revision, updatedBy: authorId, updatedAt: new Date() },
    });
  await db.insert(draftRevisions).values({ ...row, authorId, note });
}

/** Writes a text without a history row (a text loaded again unchanged keeps its revision). */
export async function writeTextOnly(
  db: Executor,
  row: { courseId: string; moduleId: string; locale: string; source: string; revision: number },
) {
  await db.insert(draftTexts).values({ ...row, updatedBy: null });
}

export async function deleteText(db: Executor, courseId: string, moduleId: string, locale: string) {
  await db
    .delete(draftTexts)
    .where(and(eq(draftTexts.courseId, courseId), eq(draftTexts.moduleId, moduleId), eq(draftTexts.locale, locale)));
}

export async function listRevisions(db: Executor, courseId: string, moduleId: string, locale: string) {
  return db
    .select({
      revision: draftRevisions.revision,
      createdAt: draftRevisions.createdAt,
      author: users.displayName,
      note: draftRevisions.note,
      length: sql<number>`length(${draftRevisions.source})`,
    })
    .from(draftRevisions)
    .leftJoin(users, eq(users.id, draftRevisions.authorId))
    .where(
      and(
        eq(draftRevisions.courseId, courseId),
        eq(draftRevisions.moduleId, moduleId),
        eq(draftRevisions.locale, locale),
      ),
    )
    .orderBy(desc(draftRevisions.revision))
    .limit(200);
}

export async function findRevision(db: Executor, courseId: string, moduleId: string, locale: string, revision: number) {
  const rows = await db
    .select({ source: draftRevisions.source, revision: draftRevisions.revision })
    .from(draftRevisions)
    .where(
      and(
        eq(draftRevisions.courseId, courseId),
        eq(draftRevisions.moduleId, moduleId),
        eq(draftRevisions.locale, locale),
        eq(draftRevisions.revision, revision),
      ),
    );
  return rows[0];
}

export async function listImages(db: Executor, courseId: string) {
  return db
    .select({
      moduleId: draftImages.moduleId,
      fileName: draftImages.fileName,
      assetHash: draftImages.assetHash,
      alt: draftImages.alt,
      mediaType: assets.mediaType,
    })
    .from(draftImages)
    .innerJoin(assets, eq(assets.hash, draftImages.assetHash))
    .where(eq(draftImages.courseId, courseId))
    .orderBy(asc(draftImages.moduleId), asc(draftImages.fileName));
}

export async function upsertImage(db: Executor, row: typeof draftImages.$inferInsert) {
  await db
    .insert(draftImages)
    .values(row)
    .onConflictDoUpdate({
      target: [draftImages.courseId, draftImages.moduleId, draftImages.fileName],
      set: { assetHash: row.assetHash, alt: row.alt, createdBy: row.createdBy, createdAt: new Date() },
    });
}

export type DraftExtraRow = typeof draftExtras.$inferSelect;
export type ExtraKind = DraftExtraRow['kind'];

export async function listExtras(db: Executor, courseId: string) {
  return db
    .select()
    .from(draftExtras)
    .where(eq(draftExtras.courseId, courseId))
    .orderBy(asc(draftExtras.kind), asc(draftExtras.itemId), asc(draftExtras.locale));
}

export async function findExtra(
  db: Executor,
  key: { courseId: string; kind: ExtraKind; itemId: string; locale: string },
  forUpdate = false,
) {
  const query = db
    .select({
      source: draftExtras.source,
      revision: draftExtras.revision,
      updatedAt: draftExtras.updatedAt,
      updatedBy: users.displayName,
    })
    .from(draftExtras)
    .leftJoin(users, eq(users.id, draftExtras.updatedBy))
    .where(
      and(
        eq(draftExtras.courseId, key.courseId),
        eq(draftExtras.kind, key.kind),
        eq(draftExtras.itemId, key.itemId),
        eq(draftExtras.locale, key.locale),
      ),
    );
  const rows = await (forUpdate ? query.for('update', { of: draftExtras }) : query);
  return rows[0];
}

export async function deleteExtras(db: Executor, courseId: string) {
  await db.delete(draftExtras).where(eq(draftExtras.courseId, courseId));
}

/** Writes one resource or glossary file of the draft (a new one, or a new revision of one). */
export async function writeExtra(db: Executor, row: Omit<typeof draftExtras.$inferInsert, 'updatedAt'>) {
  await db
    .insert(draftExtras)
    .values({ ...row, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [draftExtras.courseId, draftExtras.kind, draftExtras.itemId, draftExtras.locale],
      set: { source: row.source, revision: row.revision, updatedBy: row.updatedBy ?? null, updatedAt: new Date() },
    });
}
