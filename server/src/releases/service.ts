import type { Db, Executor } from '../lib/db/index';
import { Conflict, Invalid } from '../lib/errors';
import { sha256 } from '../content/hash';
import type { LoadedCourse, LoadedRelease } from '../content/types';
import * as store from './store';

export type ImportOutcome = { releaseId: string; status: 'published' | 'unchanged' };

export interface ImportProgress {
  total: number;
  done: number;
  step: string;
}

const sorted = (map: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * What makes a release itself: changing any of it after publication would change the hash. Maps keyed
 * by locale are hashed in locale order, so a release exported from the database and imported again
 * (where YAML keys may come in another order) has the same hash.
 */
export function manifestOf(release: LoadedRelease, order: 'canonical' | 'as-written' = 'canonical') {
  const map = order === 'canonical' ? sorted : (m: Record<string, string>) => m;
  const body = {
    id: release.meta.id,
    date: release.meta.date,
    title: map(release.meta.title),
    notes: map(release.meta.notes),
    modules: release.modules.map((m) => ({
      id: m.id,
      position: m.position,
      slug: m.slug,
      titles: map(m.titles),
      locales: map(Object.fromEntries(m.locales.map((l) => [l.locale, l.versionHash]))),
    })),
    // Only releases that have resources or a glossary hash them, so older releases keep their hashes.
    ...(release.resources?.length
      ? {
          resources: release.resources.map((r) => ({
            id: r.id,
            locales: map(Object.fromEntries(r.locales.map((l) => [l.locale, l.hash]))),
          })),
        }
      : {}),
    ...(release.glossary?.length
      ? { glossary: map(Object.fromEntries(release.glossary.map((g) => [g.locale, g.hash]))) }
      : {}),
  };
  return { hash: sha256(JSON.stringify(body)), body };
}

/**
 * Stores a course and its releases in one transaction. Releases are immutable: re-importing an
 * identical release does nothing; a published release whose content changed is refused.
 */
export async function importCourse(
  db: Db,
  course: LoadedCourse,
  onProgress: (p: ImportProgress) => void = () => {},
): Promise<ImportOutcome[]> {
  const errors = course.problems.filter((p) => p.severity === 'error');
  if (errors.length)
    throw new Invalid(
      `Course "${course.meta.id}" has ${errors.length} error(s); run \`npm run course -- validate ${course.meta.id}\` and fix them first.`,
    );
  const total = course.releases.reduce((n, r) => n + r.modules.length, 0);
  let done = 0;
  return db.transaction(async (tx) => {
    const { meta } = course;
    await store.upsertCourse(tx, {
      id: meta.id,
      defaultLocale: meta.defaultLocale,
      locales: meta.locales,
      title: meta.title,
      summary: meta.summary,
      licence: meta.licence,
      passMark: Math.round(meta.passMark * 100),
      makers: meta.makers ?? null,
      outcomes: meta.outcomes ?? null,
      image: course.image
        ? {
            hash: course.image.hash,
            fileName: course.image.fileName,
            mediaType: course.image.mediaType,
            alt: course.image.alt,
          }
        : null,
    });
    if (course.image)
      await store.insertAssets(tx, [
        { hash: course.image.hash, mediaType: course.image.mediaType, content: course.image.content },
      ]);
    const outcomes: ImportOutcome[] = [];
    for (const [position, release] of course.releases.entries()) {
      const manifest = manifestOf(release);
      const existing = await store.findReleaseManifest(tx, meta.id, release.meta.id);
      // Releases stored before manifests were hashed in locale order: same content, older hash.
      const legacy = existing && existing !== manifest.hash && existing === manifestOf(release, 'as-written').hash;
      if (legacy) await store.updateManifestHash(tx, meta.id, release.meta.id, manifest.hash);
      if (existing === manifest.hash || legacy) {
        // Glossaries stored before their text was kept get it from the same (hash-checked) files.
        for (const g of release.glossary ?? [])
          await store.keepGlossarySource(tx, { courseId: meta.id, releaseId: release.meta.id, ...g });
        done += release.modules.length;
        onProgress({ total, done, step: `${release.meta.id}: unchanged` });
        outcomes.push({ releaseId: release.meta.id, status: 'unchanged' });
        continue;
      }
      if (existing)
        throw new Conflict(
          `Release "${release.meta.id}" of course "${meta.id}" is already published with other content, and published releases never change. ` +
            `Undo the edits under courses/${meta.id}/releases/${release.meta.id}/, or publish them as a new release id.`,
        );
      for (const module of release.modules) {
        await store.insertAssets(
          tx,
          module.assets.map((a) => ({ hash: a.hash, mediaType: a.mediaType, content: a.content })),
        );
        await store.insertModuleVersions(
          tx,
          module.locales.map((l) => ({
            hash: l.versionHash,
            moduleId: module.id,
            locale: l.locale,
            frontMatter: l.frontMatter,
            source: l.raw,
            html: l.html,
            quizzes: l.quizzes,
          })),
        );
        onProgress({ total, done: ++done, step: `${release.meta.id}: ${module.id}` });
      }
      await store.insertRelease(
        tx,
        {
          courseId: meta.id,
          id: release.meta.id,
          position,
          date: release.meta.date,
          title: release.meta.title,
          notes: release.meta.notes,
          manifestHash: manifest.hash,
        },
        release.modules.map((m) => ({
          courseId: meta.id,
          releaseId: release.meta.id,
          moduleId: m.id,
          position: m.position,
          slug: m.slug,
          minutes:
            m.locales.find((l) => l.locale === meta.defaultLocale)?.frontMatter.minutes ??
            m.locales[0].frontMatter.minutes,
          titles: m.titles,
        })),
        release.modules.flatMap((m) =>
          m.locales.map((l) => ({
            courseId: meta.id,
            releaseId: release.meta.id,
            moduleId: m.id,
            locale: l.locale,
            versionHash: l.versionHash,
          })),
        ),
        release.modules.flatMap((m) =>
          m.assets.map((a) => ({
            courseId: meta.id,
            releaseId: release.meta.id,
            moduleId: m.id,
            fileName: a.fileName,
            assetHash: a.hash,
          })),
        ),
      );
      await store.insertReleaseExtras(
        tx,
        (release.resources ?? []).flatMap((r) =>
          r.locales.map((l) => ({
            courseId: meta.id,
            releaseId: release.meta.id,
            resourceId: r.id,
            locale: l.locale,
            hash: l.hash,
            title: l.title,
            description: l.description,
            source: l.raw,
          })),
        ),
        (release.glossary ?? []).map((g) => ({
          courseId: meta.id,
          releaseId: release.meta.id,
          locale: g.locale,
          hash: g.hash,
          terms: g.terms.map(({ id, term, definition, aliases }) => ({ id, term, definition, aliases })),
          source: g.raw,
        })),
      );
      outcomes.push({ releaseId: release.meta.id, status: 'published' });
    }
    return outcomes;
  });
}

/** Stores files (images) by the hash of their content, for drafts as for releases; one already stored stays as it is. */
export const keepAssets = (db: Executor, files: store.AssetRow[]) => store.insertAssets(db, files);
