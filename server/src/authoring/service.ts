import { stringify } from 'yaml';
import { assetUrl } from '../content/module-text';
import { sha256, sourceHashOf } from '../content/hash';
import { translationStatus } from '../content/translations';
import * as catalog from '../catalog/service';
import type { Db, Executor } from '../lib/db/index';
import { Conflict, Invalid, NotFound } from '../lib/errors';
import { splitFrontMatter } from '../lib/markdown/front-matter';
import { keepAssets } from '../releases/service';
import { checkDraft, checkLocaleKeys, loadDraft, metaOf, textFile, type Draft } from './draft';
import { checkImage } from './images';
import type { TCourseChange, TModuleChange, TNewModule, TSaveText } from './schema';
import * as store from './store';

export async function listCourses(db: Db) {
  const drafts = await store.listDraftCourses(db);
  return {
    courses: drafts.map((d) => ({
      id: d.courseId,
      title: d.title,
      defaultLocale: d.defaultLocale,
      revision: d.revision,
      updatedAt: d.updatedAt,
    })),
  };
}

/** The course's draft as the authoring area shows it: metadata, modules in order, translation status, problems. */
export async function getDraft(db: Db, courseId: string) {
  const draft = await loadDraft(db, courseId);
  const releases = await catalog.listReleases(db, courseId);
  const { modules: loaded, problems } = checkDraft(draft);
  const status = translationStatus(metaOf(draft.course, []), loaded);
  const { course } = draft;
  return {
    course: {
      id: course.courseId,
      defaultLocale: course.defaultLocale,
      locales: course.locales,
      licence: course.licence,
      title: course.title,
      summary: course.summary,
      passMark: course.passMark,
      revision: course.revision,
      syncedRevision: course.syncedRevision,
    },
    releases: releases.map((r) => ({ id: r.id, date: r.date })),
    modules: draft.modules.map((m) => ({
      id: m.id,
      position: m.position,
      slug: m.slug,
      title: loaded.find((l) => l.id === m.id)?.titles[course.defaultLocale] ?? m.titles[course.defaultLocale] ?? m.id,
      texts: m.texts.map((t) => ({ locale: t.locale, revision: t.revision, updatedAt: t.updatedAt })),
      images: m.images.map((i) => ({ fileName: i.fileName, alt: i.alt, url: assetUrl({ ...i, hash: i.assetHash }) })),
      translations: Object.fromEntries(status.filter((s) => s.moduleId === m.id).map((s) => [s.locale, s.status])),
    })),
    problems,
    // The draft's templates and glossary per language, each with the revision its editor starts from.
    files: {
      own: draft.extras.own,
      resources: draft.extras.resources.map((r) => ({
        id: r.id,
        title: (r.locales.find((l) => l.locale === course.defaultLocale) ?? r.locales[0]).title,
        locales: r.locales.map((l) => ({ locale: l.locale, revision: draft.extras.revisions[l.file] ?? 1 })),
      })),
      glossary: draft.extras.glossary.map((g) => ({
        locale: g.locale,
        terms: g.terms.length,
        revision: draft.extras.revisions[g.file] ?? 1,
      })),
    },
    // What the live preview needs to show template links and glossary terms as learners will.
    extras: {
      release: releases.at(-1)?.id ?? null,
      resources: draft.extras.resources.map((r) => r.id),
      glossary: Object.fromEntries(
        draft.extras.glossary.map((g) => [
          g.locale,
          g.terms.map(({ id, term, definition, aliases }) => ({ id, term, definition, aliases })),
        ]),
      ),
    },
  };
}

export async function lockedDraft(tx: Executor, courseId: string) {
  // Every change takes the course's draft row first, so concurrent edits of one course queue up.
  const course = await store.findDraftCourse(tx, courseId, true);
  if (!course)
    throw new NotFound(`Course "${courseId}" has no browser draft.`, {
      reason: 'authoring.no_draft',
      course: courseId,
    });
  await store.bumpCourseRevision(tx, courseId);
  return course;
}

async function findModule(tx: Executor, courseId: string, moduleId: string) {
  const module = (await store.listModules(tx, courseId)).find((m) => m.moduleId === moduleId);
  if (!module)
    throw new NotFound(`The draft of "${courseId}" has no module "${moduleId}".`, {
      reason: 'authoring.no_module',
      module: moduleId,
    });
  return module;
}

export async function changeCourse(db: Db, courseId: string, change: TCourseChange) {
  await db.transaction(async (tx) => {
    const course = await lockedDraft(tx, courseId);
    // A map merges into the stored one: { title: { en } } changes English and keeps the other
    // languages; an empty text removes that language.
    const merged: { title?: Record<string, string>; summary?: Record<string, string> } = {};
    for (const key of ['title', 'summary'] as const) {
      const map = change[key];
      if (!map) continue;
      checkLocaleKeys(key, map, course.locales);
      const result = Object.fromEntries(
        Object.entries({ ...(course[key] ?? {}), ...map }).filter(([, v]) => v.trim() !== ''),
      );
      if (!result[course.defaultLocale])
        throw new Invalid(`${key}.${course.defaultLocale} must not be empty: it is the course's source language.`, {
          reason: 'authoring.source_empty',
          locale: course.defaultLocale,
        });
      merged[key] = result;
    }
    await store.updateDraftCourse(tx, courseId, {
      ...merged,
      ...(change.passMark !== undefined ? { passMark: change.passMark } : {}),
    });
  });
  return getDraft(db, courseId);
}

export function newModuleText(id: string, title: string): string {
  return [
    '---',
    `id: ${id}`,
    `title: ${stringify(title).trim()}`,
    'minutes: 15',
    'objectives:',
    '  - Describe what learners will be able to do after this module.',
    '---',
    '',
    'Write the introduction here.',
    '',
    '## Sources',
    '',
    '- Name the source documents this module relies on.',
    '',
  ].join('\n');
}

export async function createModule(db: Db, courseId: string, userId: string, input: TNewModule) {
  await db.transaction(async (tx) => {
    const course = await lockedDraft(tx, courseId);
    const modules = await store.listModules(tx, courseId);
    if (modules.some((m) => m.moduleId === input.id))
      throw new Conflict(`The draft already has a module "${input.id}": choose another id.`, {
        reason: 'authoring.module_exists',
        module: input.id,
      });
    if (modules.length >= 99)
      throw new Invalid('A course has at most 99 modules.', { reason: 'authoring.too_many_modules', max: 99 });
    const position = modules.reduce((n, m) => Math.max(n, m.position), 0) + 1;
    await store.insertModule(tx, { courseId, moduleId: input.id, position, slug: input.slug ?? input.id, titles: {} });
    const revision = (await store.lastRevision(tx, courseId, input.id, course.defaultLocale)) + 1;
    await store.writeText(
      tx,
      {
        courseId,
        moduleId: input.id,
        locale: course.defaultLocale,
        source: newModuleText(input.id, input.title),
        revision,
      },
      userId,
      'created',
    );
  });
  return getDraft(db, courseId);
}

/** Replaces the `title:` line of a module text's front matter. */
function withTitle(source: string, title: string): string {
  const split = splitFrontMatter(source);
  if (!split)
    throw new Invalid('The module text has no front matter to rename: fix it in the editor first.', {
      reason: 'authoring.no_front_matter',
    });
  const line = `title: ${stringify(title).trim()}`;
  const yaml = /^title:.*$/m.test(split.yaml) ? split.yaml.replace(/^title:.*$/m, line) : `${split.yaml}\n${line}`;
  return `---\n${yaml}\n---\n${split.body}`;
}

export async function changeModule(db: Db, courseId: string, moduleId: string, userId: string, change: TModuleChange) {
  await db.transaction(async (tx) => {
    const course = await lockedDraft(tx, courseId);
    await findModule(tx, courseId, moduleId);
    if (change.slug) await store.updateModule(tx, courseId, moduleId, { slug: change.slug });
    if (change.title) {
      const text = await store.findText(tx, courseId, moduleId, course.defaultLocale, true);
      if (!text)
        throw new NotFound(`Module "${moduleId}" has no ${course.defaultLocale} text to rename.`, {
          reason: 'authoring.no_text',
          module: moduleId,
          locale: course.defaultLocale,
        });
      await store.writeText(
        tx,
        {
          courseId,
          moduleId,
          locale: course.defaultLocale,
          source: withTitle(text.source, change.title),
          revision: (await store.lastRevision(tx, courseId, moduleId, course.defaultLocale)) + 1,
        },
        userId,
        'renamed',
      );
    }
  });
  return getDraft(db, courseId);
}

export async function reorderModules(db: Db, courseId: string, order: string[]) {
  await db.transaction(async (tx) => {
    await lockedDraft(tx, courseId);
    const modules = await store.listModules(tx, courseId);
    const ids = modules.map((m) => m.moduleId).sort();
    if (new Set(order).size !== order.length || [...order].sort().join() !== ids.join())
      throw new Invalid(`modules must list each module of the draft once: ${ids.join(', ')}.`, {
        reason: 'authoring.module_order',
      });
    for (const [i, id] of order.entries()) await store.updateModule(tx, courseId, id, { position: i + 1 });
  });
  return getDraft(db, courseId);
}

export async function removeModule(db: Db, courseId: string, moduleId: string) {
  await db.transaction(async (tx) => {
    await lockedDraft(tx, courseId);
    await findModule(tx, courseId, moduleId);
    await store.deleteModule(tx, courseId, moduleId);
  });
  return getDraft(db, courseId);
}

export async function getText(db: Db, courseId: string, moduleId: string, locale: string) {
  const course = await store.findDraftCourse(db, courseId);
  if (!course)
    throw new NotFound(`Course "${courseId}" has no browser draft.`, {
      reason: 'authoring.no_draft',
      course: courseId,
    });
  if (!course.locales.includes(locale))
    throw new NotFound(`"${locale}" is not a language of course "${courseId}": ${course.locales.join(', ')}.`, {
      reason: 'authoring.not_a_language',
      locale,
    });
  await findModule(db, courseId, moduleId);
  const text = await store.findText(db, courseId, moduleId, locale);
  if (!text)
    throw new NotFound(`Module "${moduleId}" has no ${locale} text yet.`, {
      reason: 'authoring.no_text',
      module: moduleId,
      locale,
    });
  return { locale, ...text };
}

/**
 * Saves a text as a new revision. `baseRevision` is the revision the author started from (0 for a new
 * translation); if someone saved in between, nothing is written and 409 carries both versions.
 */
export async function saveText(
  db: Db,
  courseId: string,
  moduleId: string,
  locale: string,
  userId: string,
  input: TSaveText,
  note: string | null = null,
) {
  return db.transaction(async (tx) => {
    const course = await lockedDraft(tx, courseId);
    if (!course.locales.includes(locale))
      throw new Invalid(`"${locale}" is not a language of this course: ${course.locales.join(', ')}.`, {
        reason: 'authoring.not_a_language',
        locale,
      });
    await findModule(tx, courseId, moduleId);
    const current = await store.findText(tx, courseId, moduleId, locale, true);
    const currentRevision = current?.revision ?? 0;
    if (currentRevision !== input.baseRevision)
      throw new Conflict(
        `${current?.updatedBy ?? 'Someone'} saved this text (revision ${currentRevision}) after you opened revision ${input.baseRevision}. Compare both versions and save again.`,
        {
          reason: 'edit_conflict',
          yours: { source: input.source, baseRevision: input.baseRevision },
          theirs: current
            ? {
                source: current.source,
                revision: current.revision,
                author: current.updatedBy,
                savedAt: current.updatedAt,
              }
            : { source: '', revision: 0, author: null, savedAt: null },
        },
      );
    if (current && current.source === input.source) return { revision: currentRevision, saved: false };
    const revision = (await store.lastRevision(tx, courseId, moduleId, locale)) + 1;
    await store.writeText(tx, { courseId, moduleId, locale, source: input.source, revision }, userId, note);
    return { revision, saved: true };
  });
}

/** Problems of one text as it is being typed, with the lines of the text itself. */
export async function checkText(db: Db, courseId: string, moduleId: string, locale: string, source: string) {
  const draft = await loadDraft(db, courseId);
  const module = draft.modules.find((m) => m.id === moduleId);
  if (!module)
    throw new NotFound(`The draft of "${courseId}" has no module "${moduleId}".`, {
      reason: 'authoring.no_module',
      module: moduleId,
    });
  const file = textFile(module, locale);
  const { problems } = checkDraft(draft, { moduleId, locale, source });
  return {
    problems: problems
      .filter((p) => p.file === file)
      .map(({ line, severity, message }) => ({ line, severity, message }))
      .sort((a, b) => a.line - b.line),
  };
}

export async function listRevisions(db: Db, courseId: string, moduleId: string, locale: string) {
  return { revisions: await store.listRevisions(db, courseId, moduleId, locale) };
}

export async function getRevision(db: Db, courseId: string, moduleId: string, locale: string, revision: number) {
  const row = await store.findRevision(db, courseId, moduleId, locale, revision);
  if (!row)
    throw new NotFound(`There is no revision ${revision} of ${moduleId} (${locale}).`, {
      reason: 'authoring.no_revision',
      revision,
      module: moduleId,
      locale,
    });
  return row;
}

/** Restoring writes the old text as a new revision, so the history keeps everything. */
export async function restoreRevision(
  db: Db,
  courseId: string,
  moduleId: string,
  locale: string,
  userId: string,
  revision: number,
  baseRevision: number,
) {
  const old = await getRevision(db, courseId, moduleId, locale, revision);
  return saveText(
    db,
    courseId,
    moduleId,
    locale,
    userId,
    { source: old.source, baseRevision },
    `restored revision ${revision}`,
  );
}

/** Records that a translation was made from the current source text (what `course stamp` does to files). */
export async function stampTranslation(
  db: Db,
  courseId: string,
  moduleId: string,
  locale: string,
  userId: string,
  baseRevision: number,
) {
  const draft: Draft = await loadDraft(db, courseId);
  if (locale === draft.course.defaultLocale)
    throw new Invalid(`${locale} is the source language; mark a translation.`, {
      reason: 'authoring.source_not_translation',
      locale,
    });
  const module = draft.modules.find((m) => m.id === moduleId);
  const source = module?.texts.find((t) => t.locale === draft.course.defaultLocale);
  const translation = module?.texts.find((t) => t.locale === locale);
  if (!source || !translation)
    throw new NotFound(`Module "${moduleId}" has no ${locale} translation to mark.`, {
      reason: 'authoring.no_text',
      module: moduleId,
      locale,
    });
  const split = splitFrontMatter(translation.source);
  if (!split)
    throw new Invalid('The translation has no front matter: fix it in the editor first.', {
      reason: 'authoring.no_front_matter',
    });
  const line = `translatedFrom: ${sourceHashOf(source.source)}`;
  const yaml = /^translatedFrom:.*$/m.test(split.yaml)
    ? split.yaml.replace(/^translatedFrom:.*$/m, line)
    : `${split.yaml}\n${line}`;
  return saveText(
    db,
    courseId,
    moduleId,
    locale,
    userId,
    { source: `---\n${yaml}\n---\n${split.body}`, baseRevision },
    'marked as translated',
  );
}

export async function addImage(
  db: Db,
  courseId: string,
  moduleId: string,
  userId: string,
  file: { originalName: string; content: Buffer },
  fields: { alt: string; name?: string },
) {
  const { ext, mediaType } = await checkImage(file.originalName, file.content);
  const base =
    fields.name ??
    (file.originalName
      .replace(/\.[^.]*$/, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) ||
      'image');
  const fileName = `${base}.${ext}`;
  const hash = sha256(file.content);
  await db.transaction(async (tx) => {
    await lockedDraft(tx, courseId);
    await findModule(tx, courseId, moduleId);
    await keepAssets(tx, [{ hash, mediaType, content: file.content }]);
    await store.upsertImage(tx, { courseId, moduleId, fileName, assetHash: hash, alt: fields.alt, createdBy: userId });
  });
  return {
    fileName,
    alt: fields.alt,
    url: assetUrl({ hash, fileName }),
    markdown: `![${fields.alt.replace(/[[\]]/g, '')}](${fileName})`,
  };
}
