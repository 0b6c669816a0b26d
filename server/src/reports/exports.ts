import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { Db } from '../lib/db';
import type { ReportKind } from '../lib/db/schema';
import { courseIri } from '../xapi/profile';
import * as exportStore from './export-store';
import type { TReportFilters } from './schema';
import { courseModules, dashboard, filtersForDisplay, resolveScope } from './service';
import * as store from './store';
import { writeCsv, writeNdjson, writeXlsx, type Column } from './writers';

export const PAGE_SIZE = 2000;

/** Who asked for an export: a signed-in staff member, or someone at the command line. */
export type Requester = { userId: string } | { cli: string };

/** Called after each page with the rows written so far and the total expected. */
export type Progress = (done: number, total: number) => void;

/**
 * The stable pseudonym of a learner: an HMAC of the user id under a secret the platform makes once and
 * keeps in `settings`. The same learner gets the same pseudonym in every export; without the secret it
 * cannot be turned back into the id.
 */
export async function pseudonymiser(db: Db): Promise<(userId: string) => string> {
  const key = await store.ensureSetting(db, 'report_pseudonym_secret', () => randomBytes(32).toString('base64url'));
  return (userId) => `L-${createHmac('sha256', key).update(userId).digest('hex').slice(0, 16)}`;
}

export interface CompletionRecord extends Record<string, string | number | null> {
  learner: string;
  pseudonym: string;
  organisation: string | null;
  city: string | null;
  country: string | null;
  organisation_kind: string | null;
  language: string;
  release: string;
  enrolled_at: string;
  modules_completed: number;
  modules_total: number;
  quiz_score: number | null;
  completed_at: string | null;
  certificate_code: string | null;
}

export const COMPLETION_COLUMNS: Column<CompletionRecord>[] = [
  { key: 'learner', header: 'learner', width: 22 },
  { key: 'pseudonym', header: 'pseudonym', width: 20 },
  { key: 'organisation', header: 'organisation', width: 28 },
  { key: 'city', header: 'city', width: 16 },
  { key: 'country', header: 'country' },
  { key: 'organisation_kind', header: 'organisation_kind', width: 18 },
  { key: 'language', header: 'language' },
  { key: 'release', header: 'release', width: 18 },
  { key: 'enrolled_at', header: 'enrolled_at', date: true, width: 18 },
  { key: 'modules_completed', header: 'modules_completed' },
  { key: 'modules_total', header: 'modules_total' },
  { key: 'quiz_score', header: 'quiz_score' },
  { key: 'completed_at', header: 'completed_at', date: true, width: 18 },
  { key: 'certificate_code', header: 'certificate_code', width: 18 },
];

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * The completion report, one record per enrolment, page by page in (enrolled_at, id) order. Names
 * appear only when asked for and only of learners who agreed; everyone else is their pseudonym.
 */
export async function* completionRecords(
  db: Db,
  course: string,
  filters: TReportFilters,
  names: 'pseudonym' | 'consented',
  progress?: Progress,
  pageSize = PAGE_SIZE,
): AsyncGenerator<CompletionRecord[]> {
  const { scope } = await resolveScope(db, course, filters);
  const [pseudonym, modules, total] = await Promise.all([
    pseudonymiser(db),
    courseModules(db, course),
    progress ? exportStore.countEnrolments(db, scope) : Promise.resolve(0),
  ]);
  let after: exportStore.Keyset | undefined;
  let done = 0;
  for (;;) {
    const page = await exportStore.enrolmentPage(db, scope, after, pageSize);
    if (!page.length) break;
    yield page.map((r) => {
      const release = modules.perRelease.get(r.release);
      const quizzes = release?.quizzes ?? 0;
      const alias = pseudonym(r.user_id);
      const named = names === 'consented' && r.named_in_reports && !r.deleted && r.display_name;
      return {
        learner: named ? r.display_name! : alias,
        pseudonym: alias,
        organisation: r.organisation,
        city: r.city,
        country: r.country,
        organisation_kind: r.organisation_kind,
        language: r.language,
        release: r.release,
        enrolled_at: iso(r.enrolled_at)!,
        modules_completed: r.modules_completed,
        modules_total: release?.modules.length ?? 0,
        // Mean of the best scores over the release's quizzes, unanswered ones counting 0.
        quiz_score: r.quizzes_answered && quizzes ? Math.round((r.quiz_points / quizzes) * 10) / 10 : null,
        completed_at: iso(r.completed_at),
        // The code opens a public page with the holder's name: only a named row may carry it.
        certificate_code: named ? r.certificate : null,
      };
    });
    done += page.length;
    progress?.(done, Math.max(total, done));
    const last = page[page.length - 1];
    after = { at: last.cursor_at, id: last.id };
    if (page.length < pageSize) break;
  }
}

export interface AggregateRecord extends Record<string, string | number | null> {
  dimension: string;
  group: string;
  enrolments: number;
  completions: number;
  completion_rate_percent: number | null;
  median_days_to_complete: number | null;
}

export const AGGREGATE_COLUMNS: Column<AggregateRecord>[] = [
  { key: 'dimension', header: 'dimension', width: 18 },
  { key: 'group', header: 'group', width: 30 },
  { key: 'enrolments', header: 'enrolments' },
  { key: 'completions', header: 'completions' },
  { key: 'completion_rate_percent', header: 'completion_rate_percent', width: 24 },
  { key: 'median_days_to_complete', header: 'median_days_to_complete', width: 24 },
];

/** The dashboard's figures as rows for funders: the total, then by release, month, country, city, kind, gender. */
export async function aggregateRecords(db: Db, course: string, filters: TReportFilters): Promise<AggregateRecord[]> {
  const d = await dashboard(db, course, filters);
  type Figures = {
    enrolments: number;
    completions: number;
    completionRate: number | null;
    medianDaysToComplete: number | null;
  };
  const row = (dimension: string, group: string | null, f: Figures): AggregateRecord => ({
    dimension,
    group: group ?? '(not stated)',
    enrolments: f.enrolments,
    completions: f.completions,
    completion_rate_percent: f.completionRate,
    median_days_to_complete: f.medianDaysToComplete,
  });
  return [
    ...(d.totals ? [row('total', 'all enrolments', d.totals)] : []),
    ...d.byRelease.map((g) => row('release', g.release, g)),
    ...d.byMonth.map((g) => row('month enrolled', g.month, g)),
    ...d.byCountry.map((g) => row('country', g.country, g)),
    ...d.byCity.map((g) => row('city', g.city ? `${g.city}${g.country ? ` (${g.country})` : ''}` : null, g)),
    ...d.byOrganisationKind.map((g) => row('organisation kind', g.organisationKind, g)),
    ...d.byGender.map((g) => row('gender', g.gender, g)),
  ];
}

async function* once<T>(items: T[]): AsyncGenerator<T[]> {
  yield items;
}

export interface ExportRequest {
  course: string;
  requester: Requester;
  out: Writable;
  progress?: Progress;
}

/** Records the export before it starts and the rows written when it ends. */
async function logged(
  db: Db,
  req: ExportRequest,
  kind: ReportKind,
  format: string,
  filters: Record<string, unknown>,
  run: (count: () => void) => Promise<void>,
): Promise<number> {
  const id = randomUUID();
  await exportStore.logExport(db, {
    id,
    userId: 'userId' in req.requester ? req.requester.userId : null,
    requestedBy: 'userId' in req.requester ? `user:${req.requester.userId}` : `cli:${req.requester.cli}`,
    courseId: req.course,
    kind,
    format,
    filters,
  });
  let written = 0;
  await run(() => written++);
  await exportStore.finishExport(db, id, written);
  return written;
}

async function* counting<T>(pages: AsyncIterable<T[]>, count: () => void): AsyncGenerator<T[]> {
  for await (const page of pages) {
    for (let i = 0; i < page.length; i++) count();
    yield page;
  }
}

export async function exportCompletions(
  db: Db,
  req: ExportRequest,
  options: TReportFilters & { format: 'csv' | 'xlsx'; names: 'pseudonym' | 'consented' },
): Promise<number> {
  const { format, names, ...filters } = options;
  await resolveScope(db, req.course, filters);
  return logged(db, req, 'completions', format, { ...filtersForDisplay(filters), names }, async (count) => {
    const pages = counting(completionRecords(db, req.course, filters, names, req.progress), count);
    if (format === 'csv') await writeCsv(req.out, COMPLETION_COLUMNS, pages);
    else await writeXlsx(req.out, 'Completions', COMPLETION_COLUMNS, pages);
  });
}

export async function exportAggregate(
  db: Db,
  req: ExportRequest,
  options: TReportFilters & { format: 'csv' | 'xlsx' },
): Promise<number> {
  const { format, ...filters } = options;
  await resolveScope(db, req.course, filters);
  return logged(db, req, 'aggregate', format, filtersForDisplay(filters), async (count) => {
    const records = await aggregateRecords(db, req.course, filters);
    req.progress?.(records.length, records.length);
    const pages = counting(once(records), count);
    if (format === 'csv') await writeCsv(req.out, AGGREGATE_COLUMNS, pages);
    else await writeXlsx(req.out, 'Summary', AGGREGATE_COLUMNS, pages);
  });
}

/** Raw statements about the course, as stored (actors are account ids, never names or emails). */
export async function exportStatements(
  db: Db,
  publicUrl: string,
  req: ExportRequest,
  options: { from?: Date; to?: Date },
): Promise<number> {
  await resolveScope(db, req.course, {});
  const scope = {
    courseIri: courseIri(publicUrl, req.course),
    from: options.from,
    until: options.to ? new Date(options.to.getTime() + 24 * 3600_000) : undefined,
  };
  const filters = { from: options.from?.toISOString().slice(0, 10), to: options.to?.toISOString().slice(0, 10) };
  return logged(db, req, 'statements', 'ndjson', filters, async (count) => {
    const total = req.progress ? await exportStore.countStatements(db, scope) : 0;
    async function* pages() {
      let after = 0;
      let done = 0;
      for (;;) {
        const page = await exportStore.statementPage(db, scope, after, PAGE_SIZE);
        if (!page.length) return;
        after = Number(page[page.length - 1].seq);
        done += page.length;
        yield page.map((r) => r.statement);
        req.progress?.(done, Math.max(total, done));
        if (page.length < PAGE_SIZE) return;
      }
    }
    await writeNdjson(req.out, counting(pages(), count));
  });
}
