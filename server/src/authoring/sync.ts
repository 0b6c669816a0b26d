import type { LoadedCourse, LoadedModule } from '../content/types';
import type { Db, Executor } from '../lib/db/index';
import { Conflict, Invalid } from '../lib/errors';
import { keepAssets } from '../releases/service';
import { extraFile, extraTexts } from './extras';
import * as store from './store';

/** The alt text a module's Markdown gives an image (the first use), else its file name. */
function altOf(module: LoadedModule, fileName: string): string {
  for (const l of module.locales) {
    const match = new RegExp(`!\\[([^\\]]+)\\]\\(${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`).exec(l.raw);
    if (match) return match[1];
  }
  return fileName;
}

async function writeFilesDraft(tx: Executor, course: LoadedCourse): Promise<number> {
  const courseId = course.meta.id;
  const before = new Map((await store.listTexts(tx, courseId)).map((t) => [`${t.moduleId}/${t.locale}`, t.source]));
  await store.deleteDraftContent(tx, courseId);
  let changed = 0;
  for (const module of course.draft) {
    const texts = new Set(module.locales.map((l) => l.locale));
    await store.insertModule(tx, {
      courseId,
      moduleId: module.id,
      position: module.position,
      slug: module.slug,
      titles: Object.fromEntries(Object.entries(module.titles).filter(([locale]) => !texts.has(locale))),
    });
    for (const l of module.locales) {
      const previous = before.get(`${module.id}/${l.locale}`);
      const last = await store.lastRevision(tx, courseId, module.id, l.locale);
      if (previous === l.raw) {
        // Unchanged: keep the revision it had, without a new history row.
        await store.writeTextOnly(tx, {
          courseId,
          moduleId: module.id,
          locale: l.locale,
          source: l.raw,
          revision: last,
        });
        continue;
      }
      changed++;
      await store.writeText(
        tx,
        { courseId, moduleId: module.id, locale: l.locale, source: l.raw, revision: last + 1 },
        null,
        'loaded from the files',
      );
    }
    await keepAssets(
      tx,
      module.assets.map((a) => ({ hash: a.hash, mediaType: a.mediaType, content: a.content })),
    );
    for (const a of module.assets)
      await store.upsertImage(tx, {
        courseId,
        moduleId: module.id,
        fileName: a.fileName,
        assetHash: a.hash,
        alt: altOf(module, a.fileName),
        createdBy: null,
      });
  }
  return changed;
}

/**
 * The files' templates and glossary replace the browser draft's (each keeps its revision when its text
 * is unchanged); files without any leave the draft carrying the latest release's.
 */
async function writeFilesExtras(tx: Executor, course: LoadedCourse) {
  const courseId = course.meta.id;
  const before = new Map((await store.listExtras(tx, courseId)).map((r) => [extraFile(r), r]));
  await store.deleteExtras(tx, courseId);
  for (const t of extraTexts({ resources: course.draftResources, glossary: course.draftGlossary })) {
    const previous = before.get(extraFile(t));
    const revision = !previous ? 1 : previous.source === t.source ? previous.revision : previous.revision + 1;
    await store.writeExtra(tx, { courseId, ...t, revision, updatedBy: null });
  }
}

/**
 * The first import of a course seeds its browser draft from the files' working draft
 * (`courses/<course>/modules/`); later imports leave the browser draft alone.
 */
export async function seedDraftIfMissing(db: Db, course: LoadedCourse): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (await store.findDraftCourse(tx, course.meta.id)) return false;
    const { meta } = course;
    await store.insertDraftCourse(tx, {
      courseId: meta.id,
      defaultLocale: meta.defaultLocale,
      locales: meta.locales,
      licence: meta.licence,
      title: meta.title,
      summary: meta.summary,
      passMark: Math.round(meta.passMark * 100),
      revision: 1,
      syncedRevision: 1,
    });
    await writeFilesDraft(tx, course);
    return true;
  });
}

/**
 * Loads the files' working draft into the browser draft. Refused when the browser draft changed since
 * files and browser were last in sync (an export of the draft, or this import), unless `force`.
 */
export async function importFilesDraft(db: Db, course: LoadedCourse, options: { force: boolean }) {
  const errors = course.problems.filter((p) => p.severity === 'error');
  if (errors.length)
    throw new Invalid(
      `Course "${course.meta.id}" has ${errors.length} error(s); run \`npm run course -- validate ${course.meta.id}\` and fix them first.`,
    );
  if (await seedDraftIfMissing(db, course)) return { created: true, changedTexts: course.draft.length };
  return db.transaction(async (tx) => {
    const current = await store.findDraftCourse(tx, course.meta.id, true);
    if (!current) throw new Conflict('The browser draft disappeared during the import; run it again.');
    const edits = current.revision - current.syncedRevision;
    if (edits > 0 && !options.force)
      throw new Conflict(
        `The browser draft of "${course.meta.id}" has ${edits} change(s) made after the files and the browser were last in sync. ` +
          `Export them first (npm run course -- export ${course.meta.id} --draft), merge by hand, and import again; or add --force to overwrite them.`,
      );
    const { meta } = course;
    await store.updateDraftCourse(tx, meta.id, {
      title: meta.title,
      summary: meta.summary,
      passMark: Math.round(meta.passMark * 100),
    });
    const changedTexts = await writeFilesDraft(tx, course);
    await writeFilesExtras(tx, course);
    const revision = await store.bumpCourseRevision(tx, meta.id);
    await store.updateDraftCourse(tx, meta.id, { syncedRevision: revision });
    return { created: false, changedTexts };
  });
}

/** After the browser draft was written to the files, both are the same again (unless it changed meanwhile). */
export async function markSynced(db: Executor, courseId: string, revision: number) {
  await store.markSynced(db, courseId, revision);
}
