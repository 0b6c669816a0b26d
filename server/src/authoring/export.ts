import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import * as catalog from '../catalog/service';
import type { Executor } from '../lib/db/index';
import { NotFound } from '../lib/errors';
import { loadDraft, moduleFolder, type Draft } from './draft';
import { releaseExtras, type ExtraFiles } from './extras';

/** A module as files: its texts per locale, titles of locales without a text, and its images. */
interface ModuleFiles {
  folder: string;
  texts: Record<string, string>;
  titles: Record<string, string>;
  images: { fileName: string; assetHash: string }[];
}

const yamlFile = (value: unknown) => stringify(value, { lineWidth: 0 });

async function writeModules(db: Executor, dir: string, modules: ModuleFiles[]): Promise<void> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const m of modules) {
    const folder = path.join(dir, path.basename(m.folder));
    fs.mkdirSync(folder, { recursive: true });
    for (const [locale, source] of Object.entries(m.texts)) fs.writeFileSync(path.join(folder, `${locale}.md`), source);
    const titleOnly = Object.fromEntries(Object.entries(m.titles).filter(([locale]) => !(locale in m.texts)));
    if (Object.keys(titleOnly).length) fs.writeFileSync(path.join(folder, 'titles.yaml'), yamlFile(titleOnly));
    for (const image of m.images) {
      const asset = await catalog.findAsset(db, image.assetHash);
      if (!asset) throw new NotFound(`The image ${image.fileName} (${image.assetHash}) is missing from the database.`);
      fs.writeFileSync(path.join(folder, image.fileName), asset.content);
    }
  }
}

/** Writes the browser draft's modules to `<courseDir>/modules/` (replacing what was there). */
export async function writeDraftModules(db: Executor, draft: Draft, modulesDir: string): Promise<void> {
  await writeModules(
    db,
    modulesDir,
    draft.modules.map((m) => ({
      folder: moduleFolder(m),
      texts: Object.fromEntries(m.texts.map((t) => [t.locale, t.source])),
      titles: m.titles,
      images: m.images,
    })),
  );
}

/** Writes resources (`resources/<id>/<locale>.md`) and the glossary (`glossary/<locale>.yaml`) under `dir`, as written. */
export function writeExtras(extras: ExtraFiles, dir: string, options: { keepExisting?: boolean } = {}) {
  if (!options.keepExisting)
    for (const name of ['resources', 'glossary']) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  for (const file of [...extras.resources.flatMap((r) => r.locales), ...extras.glossary]) {
    const target = path.join(dir, file.file);
    if (options.keepExisting && fs.existsSync(target)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.raw);
  }
}

/** Writes one published release as `<courseDir>/releases/<id>/`: release.yaml and its frozen modules. */
export async function writeRelease(db: Executor, courseId: string, releaseId: string, courseDir: string) {
  const published = await catalog.publishedRelease(db, courseId, releaseId);
  if (!published) throw new NotFound(`Course "${courseId}" has no release "${releaseId}".`);
  const { release, modules, sources, images } = published;
  const dir = path.join(courseDir, 'releases', releaseId);
  await writeModules(
    db,
    path.join(dir, 'modules'),
    modules.map((m) => ({
      folder: `${String(m.position).padStart(2, '0')}-${m.slug}`,
      texts: Object.fromEntries(sources.filter((t) => t.moduleId === m.moduleId).map((t) => [t.locale, t.source])),
      titles: m.titles,
      images: images.filter((f) => f.moduleId === m.moduleId),
    })),
  );
  writeExtras(await releaseExtras(db, courseId, releaseId), dir);
  fs.writeFileSync(
    path.join(dir, 'release.yaml'),
    yamlFile({ id: release.id, date: release.date, title: release.title, notes: release.notes }),
  );
}

/**
 * Writes course.yaml. Metadata comes from the browser draft when `fromDraft` (else from the published
 * course); the release list is the published releases in order, plus `extraRelease` when publishing.
 */
export async function writeCourseYaml(
  db: Executor,
  courseId: string,
  courseDir: string,
  options: { fromDraft?: Draft; extraRelease?: string } = {},
) {
  const course = await catalog.findCourse(db, courseId);
  if (!course) throw new NotFound(`There is no course "${courseId}" in the database.`);
  const published = (await catalog.listReleases(db, courseId)).map((r) => r.id);
  const meta = options.fromDraft?.course;
  fs.mkdirSync(courseDir, { recursive: true });
  fs.writeFileSync(
    path.join(courseDir, 'course.yaml'),
    yamlFile({
      id: courseId,
      defaultLocale: meta?.defaultLocale ?? course.defaultLocale,
      locales: meta?.locales ?? course.locales,
      licence: meta?.licence ?? course.licence,
      passMark: (meta?.passMark ?? course.passMark) / 100,
      title: meta?.title ?? course.title,
      summary: meta?.summary ?? course.summary,
      // Makers, outcomes and picture are not edited in the browser: they come from the course as imported.
      ...(course.makers ? { makers: course.makers } : {}),
      ...(course.outcomes ? { outcomes: course.outcomes } : {}),
      ...(course.image ? { image: { file: course.image.fileName, alt: course.image.alt } } : {}),
      releases: options.extraRelease ? [...published, options.extraRelease] : published,
    }),
  );
  if (course.image) {
    const asset = await catalog.findAsset(db, course.image.hash);
    if (!asset) throw new NotFound(`The course picture ${course.image.fileName} is missing from the database.`);
    fs.writeFileSync(path.join(courseDir, course.image.fileName), asset.content);
  }
  return published;
}

export interface ExportChoice {
  /** Release ids to write; 'all' for every published release. */
  releases: string[] | 'all';
  draft: boolean;
}

/** Writes a course from the database to `<coursesDir>/<course>/` in the `courses/` layout. */
export async function exportCourse(db: Executor, courseId: string, coursesDir: string, choice: ExportChoice) {
  const courseDir = path.join(coursesDir, courseId);
  const draft = choice.draft ? await loadDraft(db, courseId) : undefined;
  const published = await writeCourseYaml(db, courseId, courseDir, { fromDraft: draft });
  const wanted = choice.releases === 'all' ? published : choice.releases;
  for (const id of wanted) await writeRelease(db, courseId, id, courseDir);
  if (draft) {
    await writeDraftModules(db, draft, path.join(courseDir, 'modules'));
    // Templates and the glossary edited in the browser are the draft's and replace the files', as its
    // modules do; a draft still carrying the latest release's only adds the ones missing in the files.
    writeExtras(draft.extras, courseDir, { keepExisting: !draft.extras.own });
  }
  return { courseDir, releases: wanted, draft: Boolean(draft) };
}
