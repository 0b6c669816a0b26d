import type { Db, Executor } from '../lib/db/index';
import { NotFound } from '../lib/errors';
import { pickLocale, pickText } from '../lib/i18n/negotiate';
import type { GlossaryTerm } from '../lib/markdown/render';
import { renderDocx, renderPdf } from './resource-documents';
import { requireRelease } from './require';
import * as store from './resource-store';

export const RESOURCE_FORMATS = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;
export type ResourceFormat = keyof typeof RESOURCE_FORMATS;

/** Download addresses of a release's resources, for links in its steps. */
export async function resourceResolver(db: Db, courseId: string, releaseId: string, locale: string) {
  const ids = new Set((await store.listResources(db, courseId, releaseId)).map((r) => r.resourceId));
  const base = `/api/courses/${courseId}/releases/${releaseId}/resources`;
  const lang = encodeURIComponent(locale);
  return (id: string) =>
    ids.has(id) ? { docx: `${base}/${id}.docx?lang=${lang}`, pdf: `${base}/${id}.pdf?lang=${lang}` } : undefined;
}

/** The release's resources in the reader's language (or the course's default language). */
export async function listResources(db: Db, courseId: string, releaseId: string, wanted: string[]) {
  const { course } = await requireRelease(db, courseId, releaseId);
  const rows = await store.listResources(db, courseId, releaseId);
  const ids = [...new Set(rows.map((r) => r.resourceId))];
  return {
    resources: ids.map((id) => {
      const mine = rows.filter((r) => r.resourceId === id);
      const locale = pickLocale(
        wanted,
        mine.map((r) => r.locale),
        course.defaultLocale,
      );
      const row = mine.find((r) => r.locale === locale) ?? mine[0];
      const base = `/api/courses/${courseId}/releases/${releaseId}/resources/${id}`;
      return {
        id,
        locale: row.locale,
        title: row.title,
        description: row.description,
        docx: `${base}.docx?lang=${row.locale}`,
        pdf: `${base}.pdf?lang=${row.locale}`,
      };
    }),
  };
}

/** One resource as a document; the text is the release's own, so the file never changes. */
export async function resourceDocument(
  db: Db,
  key: { course: string; release: string; id: string; format: ResourceFormat },
  wanted: string[],
) {
  const { course, release } = await requireRelease(db, key.course, key.release);
  const rows = (await store.listResources(db, key.course, key.release)).filter((r) => r.resourceId === key.id);
  if (rows.length === 0)
    throw new NotFound(`Release "${key.release}" of course "${key.course}" has no resource "${key.id}".`, {
      reason: 'course.no_resource',
      resource: key.id,
    });
  const locale = pickLocale(
    wanted,
    rows.map((r) => r.locale),
    course.defaultLocale,
  );
  const row = rows.find((r) => r.locale === locale) ?? rows.find((r) => r.locale === course.defaultLocale) ?? rows[0];
  const body = row.source.replace(/^---\n[\s\S]*?\n---[ \t]*\n?/, '');
  const courseTitle = pickText(course.title, row.locale, course.defaultLocale);
  const text = {
    title: row.title,
    description: row.description,
    body,
    footer: `${courseTitle} · ${pickText(release.title, row.locale, course.defaultLocale) || release.id} · ${course.licence}`,
  };
  const content = key.format === 'docx' ? await renderDocx(text) : await renderPdf(text);
  return { content, locale: row.locale, hash: row.hash, fileName: `${key.id}-${row.locale}.${key.format}` };
}

/** The glossary terms of a release in one language: the requested one, else the default. */
export async function glossaryTerms(
  db: Db,
  courseId: string,
  releaseId: string,
  locale: string,
  defaultLocale: string,
): Promise<GlossaryTerm[]> {
  const rows = await store.listGlossaries(db, courseId, releaseId);
  const row = rows.find((g) => g.locale === locale) ?? rows.find((g) => g.locale === defaultLocale);
  return row?.terms ?? [];
}

/** The glossary page: every term of the release in the reader's language, in alphabetical order. */
export async function getGlossary(db: Db, courseId: string, releaseId: string, wanted: string[]) {
  const { course } = await requireRelease(db, courseId, releaseId);
  const rows = await store.listGlossaries(db, courseId, releaseId);
  const locale = pickLocale(wanted, rows.length ? rows.map((r) => r.locale) : course.locales, course.defaultLocale);
  const terms = await glossaryTerms(db, courseId, releaseId, locale, course.defaultLocale);
  return {
    courseId,
    releaseId,
    courseTitle: pickText(course.title, locale, course.defaultLocale),
    locale,
    terms: [...terms].sort((a, b) => a.term.localeCompare(b.term, locale)),
  };
}

export type { GlossaryRecord } from './resource-store';

/** A release's resources (per resource and locale) and glossaries (per locale), as stored. */
export async function releaseResourceRows(db: Executor, courseId: string, releaseId: string) {
  return {
    resources: await store.listResources(db, courseId, releaseId),
    glossaries: await store.listGlossaries(db, courseId, releaseId),
  };
}
