import { eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../lib/db';
import { reportExports } from '../lib/db/schema';
import { languageOf, scopeWhere, type Scope } from './store';

export interface EnrolmentRow {
  id: string;
  user_id: string;
  release: string;
  /** The keyset cursor: enrolled_at as PostgreSQL text, so no microsecond is lost. */
  cursor_at: string;
  enrolled_at: Date | string;
  completed_at: Date | string | null;
  display_name: string | null;
  named_in_reports: boolean;
  deleted: boolean;
  organisation: string | null;
  city: string | null;
  country: string | null;
  organisation_kind: string | null;
  language: string;
  modules_completed: number;
  quizzes_answered: number;
  quiz_points: number;
  certificate: string | null;
}

export interface Keyset {
  at: string;
  id: string;
}

export async function countEnrolments(db: Executor, scope: Scope): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from enrolments e join users u on u.id = e.user_id where ${scopeWhere(scope)}`,
  );
  return row.n;
}

/**
 * One page of enrolments in (enrolled_at, id) order after `after`: keyset pagination, which streams
 * the same way on PostgreSQL and PGlite and costs one index range scan per page.
 */
export async function enrolmentPage(db: Executor, scope: Scope, after: Keyset | undefined, limit: number) {
  const keyset = after ? sql` and (e.enrolled_at, e.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
  return rows<EnrolmentRow>(
    db,
    sql`select e.id, e.user_id, e.release_id as release, e.enrolled_at::text as cursor_at, e.enrolled_at, e.completed_at,
          u.display_name, u.named_in_reports, (u.deleted_at is not null) as deleted,
          u.organisation, u.city, u.country, u.organisation_kind, ${languageOf(scope.defaultLocale)} as language,
          coalesce(s.modules_completed, 0) as modules_completed, coalesce(s.quizzes_answered, 0) as quizzes_answered,
          coalesce(s.quiz_points, 0) as quiz_points, c.code as certificate
        from enrolments e join users u on u.id = e.user_id
        left join enrolment_summaries s on s.enrolment_id = e.id
        left join certificates c on c.enrolment_id = e.id and c.revoked_at is null
        where ${scopeWhere(scope)}${keyset}
        order by e.enrolled_at, e.id
        limit ${limit}`,
  );
}

export interface StatementScope {
  courseIri: string;
  from?: Date;
  until?: Date;
}

export async function countStatements(db: Executor, s: StatementScope): Promise<number> {
  const [row] = await rows<{ n: number }>(db, sql`select count(*)::int as n from xapi_statements x where ${where(s)}`);
  return row.n;
}

const where = (s: StatementScope) =>
  sql.join(
    [
      sql`x.related_activities @> array[${s.courseIri}]::text[]`,
      ...(s.from ? [sql`x.stored >= ${s.from.toISOString()}::timestamptz`] : []),
      ...(s.until ? [sql`x.stored < ${s.until.toISOString()}::timestamptz`] : []),
    ],
    sql` and `,
  );

/** Statements about a course (as object or context activity), in the order stored, after `afterSeq`. */
export async function statementPage(db: Executor, s: StatementScope, afterSeq: number, limit: number) {
  return rows<{ seq: number | string; statement: string }>(
    db,
    sql`select x.seq, x.statement::text as statement from xapi_statements x
        where ${where(s)} and x.seq > ${afterSeq} order by x.seq limit ${limit}`,
  );
}

export async function logExport(db: Executor, row: typeof reportExports.$inferInsert): Promise<void> {
  await db.insert(reportExports).values(row);
}

export async function finishExport(db: Executor, id: string, written: number): Promise<void> {
  await db.update(reportExports).set({ rows: written, finishedAt: new Date() }).where(eq(reportExports.id, id));
}
