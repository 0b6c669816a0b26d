import { stringify } from 'yaml';
import { releaseResourceRows, type GlossaryRecord } from '../catalog/resources';
import * as catalog from '../catalog/service';
import { parseGlossaryText, parseResourceText } from '../content/extras';
import type { FileProblem, LoadedGlossary, LoadedResource } from '../content/types';
import type { Executor } from '../lib/db/index';
import * as store from './store';

/** A release's resources and glossary as files: path inside the course or release folder, and text. */
export interface ExtraFiles {
  resources: LoadedResource[];
  glossary: LoadedGlossary[];
}

/** A glossary stored before its text was kept is written from its terms. */
const glossaryText = (g: GlossaryRecord) =>
  g.source ||
  stringify(
    Object.fromEntries(g.terms.map(({ id, term, definition, aliases }) => [id, { term, definition, aliases }])),
    { lineWidth: 0 },
  );

/** A published release's resources and glossary, in the shapes the content checks read from files. */
export async function releaseExtras(db: Executor, courseId: string, releaseId: string): Promise<ExtraFiles> {
  const { resources, glossaries } = await releaseResourceRows(db, courseId, releaseId);
  const byId = new Map<string, LoadedResource>();
  for (const r of resources.sort(
    (a, b) => a.resourceId.localeCompare(b.resourceId) || a.locale.localeCompare(b.locale),
  )) {
    const resource =
      byId.get(r.resourceId) ?? byId.set(r.resourceId, { id: r.resourceId, locales: [] }).get(r.resourceId)!;
    resource.locales.push({
      locale: r.locale,
      file: resourceFile(r.resourceId, r.locale),
      raw: r.source,
      hash: r.hash,
      title: r.title,
      description: r.description,
      body: '',
    });
  }
  return {
    resources: [...byId.values()],
    glossary: glossaries
      .sort((a, b) => a.locale.localeCompare(b.locale))
      .map((g) => ({
        locale: g.locale,
        file: glossaryFile(g.locale),
        raw: glossaryText(g),
        hash: g.hash,
        terms: g.terms.map((t) => ({ ...t, line: 1 })),
      })),
  };
}

export const resourceFile = (id: string, locale: string) => `resources/${id}/${locale}.md`;
export const glossaryFile = (locale: string) => `glossary/${locale}.yaml`;

/** One file of the draft's resources or glossary, as the browser edits it. */
export interface ExtraText {
  kind: store.ExtraKind;
  /** The resource id; '' for the glossary. */
  itemId: string;
  locale: string;
  source: string;
}

export const extraFile = (t: Pick<ExtraText, 'kind' | 'itemId' | 'locale'>) =>
  t.kind === 'glossary' ? glossaryFile(t.locale) : resourceFile(t.itemId, t.locale);

/** Reads resource and glossary texts as their files would be read, with the problems of each. */
export function parseExtras(texts: ExtraText[], problems: FileProblem[]): ExtraFiles {
  const resources = new Map<string, LoadedResource>();
  const glossary: LoadedGlossary[] = [];
  const sorted = [...texts].sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.itemId.localeCompare(b.itemId) || a.locale.localeCompare(b.locale),
  );
  for (const t of sorted) {
    if (t.kind === 'glossary') {
      const g = parseGlossaryText(t.locale, t.source, extraFile(t), problems);
      if (g) glossary.push(g);
      continue;
    }
    const locale = parseResourceText(t.itemId, t.locale, t.source, extraFile(t), problems);
    if (!locale) continue;
    const resource = resources.get(t.itemId) ?? resources.set(t.itemId, { id: t.itemId, locales: [] }).get(t.itemId)!;
    resource.locales.push(locale);
  }
  return { resources: [...resources.values()], glossary };
}

/** Resources and glossary as the texts the browser edits. */
export const extraTexts = (extras: ExtraFiles): ExtraText[] => [
  ...extras.resources.flatMap((r) =>
    r.locales.map((l) => ({ kind: 'resource' as const, itemId: r.id, locale: l.locale, source: l.raw })),
  ),
  ...extras.glossary.map((g) => ({ kind: 'glossary' as const, itemId: '', locale: g.locale, source: g.raw })),
];

export async function latestReleaseExtras(db: Executor, courseId: string): Promise<ExtraFiles> {
  const latest = (await catalog.listReleases(db, courseId)).at(-1);
  return latest ? releaseExtras(db, courseId, latest.id) : { resources: [], glossary: [] };
}

/**
 * The browser draft's own resources and glossary once one was saved there; until then it carries the
 * latest release's, so its checks see the same templates and terms and a release published keeps them.
 */
export async function draftExtras(
  db: Executor,
  courseId: string,
): Promise<ExtraFiles & { problems: FileProblem[]; own: boolean; revisions: Record<string, number> }> {
  const rows = await store.listExtras(db, courseId);
  const problems: FileProblem[] = [];
  if (!rows.length) {
    const latest = await latestReleaseExtras(db, courseId);
    // Seeding writes the release's files as revision 1, so an editor opened before it agrees after.
    const revisions = Object.fromEntries(extraTexts(latest).map((t) => [extraFile(t), 1]));
    return { ...latest, problems, own: false, revisions };
  }
  const revisions = Object.fromEntries(rows.map((r) => [extraFile(r), r.revision]));
  return { ...parseExtras(rows, problems), problems, own: true, revisions };
}
