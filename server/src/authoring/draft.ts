import { checkCourse } from '../content/checks';
import { parseModuleText } from '../content/module-text';
import type { CourseMeta, FileProblem, LoadedAsset, LoadedModule, LoadedModuleLocale } from '../content/types';
import type { Executor } from '../lib/db/index';
import { Invalid, NotFound } from '../lib/errors';
import { draftExtras, extraFile, extraTexts, parseExtras, type ExtraFiles, type ExtraText } from './extras';
import * as store from './store';

export interface DraftImage {
  fileName: string;
  assetHash: string;
  alt: string;
  mediaType: string;
}

export interface DraftModule {
  id: string;
  position: number;
  slug: string;
  titles: Record<string, string>;
  texts: store.DraftTextRow[];
  images: DraftImage[];
}

export interface Draft {
  course: store.DraftCourseRow;
  modules: DraftModule[];
  /** Resources and glossary the draft's modules link to and mark: its own, or the latest release's. */
  extras: Awaited<ReturnType<typeof draftExtras>>;
}

/** The folder a module has in the `courses/` layout, e.g. `modules/03-methods`. */
export const moduleFolder = (m: Pick<DraftModule, 'position' | 'slug'>) =>
  `modules/${String(m.position).padStart(2, '0')}-${m.slug}`;

export const textFile = (m: Pick<DraftModule, 'position' | 'slug'>, locale: string) =>
  `${moduleFolder(m)}/${locale}.md`;

export async function loadDraft(db: Executor, courseId: string): Promise<Draft> {
  const course = await store.findDraftCourse(db, courseId);
  if (!course)
    throw new NotFound(
      `Course "${courseId}" has no browser draft. Import the course first (npm run course -- import ${courseId}).`,
      { reason: 'authoring.no_draft', course: courseId },
    );
  const [modules, texts, images, extras] = await Promise.all([
    store.listModules(db, courseId),
    store.listTexts(db, courseId),
    store.listImages(db, courseId),
    draftExtras(db, courseId),
  ]);
  return {
    course,
    extras,
    modules: modules.map((m) => ({
      id: m.moduleId,
      position: m.position,
      slug: m.slug,
      titles: m.titles,
      texts: texts.filter((t) => t.moduleId === m.moduleId).sort((a, b) => a.locale.localeCompare(b.locale)),
      images: images.filter((i) => i.moduleId === m.moduleId),
    })),
  };
}

export function metaOf(course: store.DraftCourseRow, releases: string[]): CourseMeta {
  return {
    id: course.courseId,
    defaultLocale: course.defaultLocale,
    locales: course.locales,
    licence: course.licence,
    passMark: course.passMark / 100,
    title: course.title,
    summary: course.summary,
    releases,
  };
}

/**
 * The draft as the content checks see it: every text parsed as if it were its file. `override`
 * replaces one text (the one being typed) so the editor can check it before it is saved.
 */
export function checkDraft(
  draft: Draft,
  override?: { moduleId: string; locale: string; source: string } | ExtraText,
): { modules: LoadedModule[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  let extras: ExtraFiles = draft.extras;
  if (override && 'kind' in override) {
    // The file being typed replaces its saved text; every other resource and glossary file stays.
    const others = extraTexts(draft.extras).filter((t) => extraFile(t) !== extraFile(override));
    extras = parseExtras([...others, override], problems);
  } else problems.push(...draft.extras.problems);
  const modules: LoadedModule[] = [];
  for (const m of draft.modules) {
    const assets: LoadedAsset[] = m.images.map((i) => ({
      fileName: i.fileName,
      hash: i.assetHash,
      mediaType: i.mediaType,
      content: Buffer.alloc(0),
    }));
    const sources = new Map(m.texts.map((t) => [t.locale, t.source]));
    if (override && 'moduleId' in override && override.moduleId === m.id) sources.set(override.locale, override.source);
    const locales = [...sources.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([locale, source]) => parseModuleText(source, locale, textFile(m, locale), assets, problems))
      .filter((l): l is LoadedModuleLocale => l !== undefined);
    for (const l of locales)
      if (l.frontMatter.id !== m.id)
        problems.push({
          file: l.file,
          line: 2,
          severity: 'error',
          message: `id must be "${m.id}", the module's id (a module keeps one id in every locale)`,
        });
    if (locales.length === 0) {
      if (sources.size === 0)
        problems.push({ file: moduleFolder(m), line: 1, severity: 'error', message: 'module has no text yet' });
      continue;
    }
    const titles = { ...m.titles };
    for (const l of locales) titles[l.locale] = l.frontMatter.title;
    modules.push({ dir: moduleFolder(m), slug: m.slug, position: m.position, id: m.id, titles, locales, assets });
  }
  checkCourse(metaOf(draft.course, []), { modules, resources: extras.resources, glossary: extras.glossary }, problems);
  return { modules, problems };
}

/** A text given per language (`title.de`, `notes.fr`) may only name the course's languages. */
export function checkLocaleKeys(key: string, map: Record<string, string>, locales: string[]): void {
  for (const locale of Object.keys(map))
    if (!locales.includes(locale))
      throw new Invalid(`${key}.${locale}: "${locale}" is not one of the course's languages.`, {
        reason: 'authoring.not_a_language',
        locale,
      });
}
