import { and, eq } from 'drizzle-orm';
import { stringify } from 'yaml';
import * as catalog from '../catalog/store';
import type { LoadedGlossary, LoadedResource } from '../content/types';
import type { Executor } from '../lib/db/index';
import { releaseGlossaries, releaseResources } from '../lib/db/schema';

/** A release's resources and glossary as files: path inside the course or release folder, and text. */
export interface ExtraFiles {
  resources: LoadedResource[];
  glossary: LoadedGlossary[];
}

/** A glossary stored before its text was kept is written from its terms. */
const glossaryText = (g: typeof releaseGlossaries.$inferSelect) =>
  g.source ||
  stringify(
    Object.fromEntries(g.terms.map(({ id, term, definition, aliases }) => [id, { term, definition, aliases }])),
    { lineWidth: 0 },
  );

/** A published release's resources and glossary, in the shapes the content checks read from files. */
export async function releaseExtras(db: Executor, courseId: string, releaseId: string): Promise<ExtraFiles> {
  const [resources, glossaries] = await Promise.all([
    db
      .select()
      .from(releaseResources)
      .where(and(eq(releaseResources.courseId, courseId), eq(releaseResources.releaseId, releaseId))),
    db
      .select()
      .from(releaseGlossaries)
      .where(and(eq(releaseGlossaries.courseId, courseId), eq(releaseGlossaries.releaseId, releaseId))),
  ]);
  const byId = new Map<string, LoadedResource>();
  for (const r of resources.sort(
    (a, b) => a.resourceId.localeCompare(b.resourceId) || a.locale.localeCompare(b.locale),
  )) {
    const resource =
      byId.get(r.resourceId) ?? byId.set(r.resourceId, { id: r.resourceId, locales: [] }).get(r.resourceId)!;
    resource.locales.push({
      locale: r.locale,
      file: `resources/${r.resourceId}/${r.locale}.md`,
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
        file: `glossary/${g.locale}.yaml`,
        raw: glossaryText(g),
        hash: g.hash,
        terms: g.terms.map((t) => ({ ...t, line: 1 })),
      })),
  };
}

/**
 * The browser draft has no resources or glossary of its own yet: it carries the latest release's, so
 * its checks see the same templates and terms, and a release published from the browser keeps them.
 */
export async function draftExtras(db: Executor, courseId: string): Promise<ExtraFiles> {
  const latest = (await catalog.listReleases(db, courseId)).at(-1);
  return latest ? releaseExtras(db, courseId, latest.id) : { resources: [], glossary: [] };
}
