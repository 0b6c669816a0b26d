import type { FileProblem } from '../content/types';
import type { Db } from '../lib/db/index';
import { Conflict, Invalid, NotFound } from '../lib/errors';
import { checkDraft, loadDraft } from './draft';
import { extraFile, extraTexts, latestReleaseExtras, parseExtras, type ExtraText } from './extras';
import type { TSaveText } from './schema';
import { lockedDraft } from './service';
import * as store from './store';

/** Which file of the draft's resources or glossary: a resource's locale, or the glossary's. */
export type ExtraKey = Pick<ExtraText, 'kind' | 'itemId' | 'locale'>;

const describe = (key: ExtraKey) =>
  key.kind === 'glossary' ? `the ${key.locale} glossary` : `template "${key.itemId}" (${key.locale})`;

const NEW_GLOSSARY = [
  '# One entry per term: its id (used in modules as [text](term:id)), then term, definition and aliases.',
  'example-term:',
  '  term: Example term',
  '  definition: What the term means, in one or two sentences.',
  '  aliases: []',
  '',
].join('\n');

const newResource = (id: string) =>
  [
    '---',
    `id: ${id}`,
    'title: Template title',
    'description: What the template is for.',
    '---',
    '',
    '# Heading',
    '',
  ].join('\n');

function checkLocale(locales: string[], locale: string) {
  if (!locales.includes(locale))
    throw new NotFound(`"${locale}" is not a language of this course: ${locales.join(', ')}.`, {
      reason: 'authoring.not_a_language',
      locale,
    });
}

/**
 * One resource or glossary file of the draft with its revision. A file not written yet comes back
 * with revision 0 and a text to start from: the source language's version, or an example.
 */
export async function getExtra(db: Db, courseId: string, key: ExtraKey) {
  const draft = await loadDraft(db, courseId);
  checkLocale(draft.course.locales, key.locale);
  const texts = extraTexts(draft.extras);
  const file = extraFile(key);
  const found = texts.find((t) => extraFile(t) === file);
  if (key.kind === 'resource' && !texts.some((t) => t.kind === 'resource' && t.itemId === key.itemId))
    throw new NotFound(`The draft has no template "${key.itemId}".`, {
      reason: 'authoring.no_template',
      template: key.itemId,
    });
  const row = draft.extras.own ? await store.findExtra(db, { courseId, ...key }) : undefined;
  const source = texts.find(
    (t) => t.kind === key.kind && t.itemId === key.itemId && t.locale === draft.course.defaultLocale,
  )?.source;
  return {
    ...key,
    file,
    defaultLocale: draft.course.defaultLocale,
    source: found?.source ?? source ?? (key.kind === 'glossary' ? NEW_GLOSSARY : newResource(key.itemId)),
    revision: found ? (draft.extras.revisions[file] ?? 1) : 0,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

/** Problems that make a file unreadable (bad YAML, a wrong front matter): such a text is not saved. */
function readProblems(text: ExtraText): FileProblem[] {
  const problems: FileProblem[] = [];
  parseExtras([text], problems);
  return problems.filter((p) => p.severity === 'error');
}

/**
 * Saves a resource or glossary file as a new revision. The first save copies the latest release's
 * files into the draft. `baseRevision` works as for module texts: 0 for a new file, and a save based
 * on an older revision than the stored one is refused with 409 carrying both versions.
 */
export async function saveExtra(db: Db, courseId: string, key: ExtraKey, userId: string, input: TSaveText) {
  const text: ExtraText = { ...key, source: input.source.replace(/\r\n/g, '\n') };
  const problems = readProblems(text);
  if (problems.length)
    throw new Invalid(
      `${extraFile(key)} cannot be read: ` + problems.map((p) => `line ${p.line}: ${p.message}`).join('; '),
      {
        reason: 'authoring.unreadable',
        file: extraFile(key),
        count: problems.length,
        problems: problems.map(({ line, severity, message }) => ({ line, severity, message })),
      },
    );
  return db.transaction(async (tx) => {
    const course = await lockedDraft(tx, courseId);
    checkLocale(course.locales, key.locale);
    if (!(await store.listExtras(tx, courseId)).length)
      for (const t of extraTexts(await latestReleaseExtras(tx, courseId)))
        await store.writeExtra(tx, { courseId, ...t, revision: 1, updatedBy: null });
    const current = await store.findExtra(tx, { courseId, ...key }, true);
    const currentRevision = current?.revision ?? 0;
    if (currentRevision !== input.baseRevision)
      throw new Conflict(
        `${current?.updatedBy ?? 'Someone'} saved ${describe(key)} (revision ${currentRevision}) after you opened revision ${input.baseRevision}. Compare both versions and save again.`,
        {
          reason: 'edit_conflict',
          yours: { source: text.source, baseRevision: input.baseRevision },
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
    if (current && current.source === text.source) return { revision: currentRevision, saved: false };
    const revision = currentRevision + 1;
    await store.writeExtra(tx, { courseId, ...text, revision, updatedBy: userId });
    return { revision, saved: true };
  });
}

/** Problems of one resource or glossary file as it is being typed, with the lines of that file. */
export async function checkExtra(db: Db, courseId: string, key: ExtraKey, source: string) {
  const draft = await loadDraft(db, courseId);
  checkLocale(draft.course.locales, key.locale);
  const file = extraFile(key);
  const { problems } = checkDraft(draft, { ...key, source: source.replace(/\r\n/g, '\n') });
  return {
    problems: problems
      .filter((p) => p.file === file)
      .map(({ line, severity, message }) => ({ line, severity, message }))
      .sort((a, b) => a.line - b.line),
  };
}
