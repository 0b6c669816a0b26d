import { count, countDistinct, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { moduleVisits, settings, users } from '../lib/db/schema';
import type { TReportFilters } from './schema';

export async function accountsByRole(db: Executor) {
  return db
    .select({ role: users.role, accounts: count() })
    .from(users)
    .where(isNull(users.deletedAt))
    .groupBy(users.role)
    .orderBy(users.role);
}

export async function visitsByRelease(db: Executor) {
  return db
    .select({
      course: moduleVisits.courseId,
      release: moduleVisits.releaseId,
      learners: countDistinct(moduleVisits.userId),
      visits: count(),
    })
    .from(moduleVisits)
    .groupBy(moduleVisits.courseId, moduleVisits.releaseId)
    .orderBy(moduleVisits.courseId, moduleVisits.releaseId);
}

/** Rows of a raw query, alike on PGlite and node-postgres. */
export async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** A setting the platform makes for itself once (like the session secret), shared by replicas. */
export async function ensureSetting(db: Executor, key: string, make: () => string): Promise<string> {
  await db.insert(settings).values({ key, value: make() }).onConflictDoNothing();
  return (await db.select().from(settings).where(eq(settings.key, key)))[0].value;
}

/** What a report is about: a course and the enrolment filters, with the course's default language. */
export interface Scope {
  course: string;
  defaultLocale: string;
  filters: TReportFilters;
}

/**
 * The language of an enrolment: the learner's chosen language (`users.preferred_locale`), else the
 * course's default. See docs/decisions.md.
 */
export const languageOf = (defaultLocale: string) => sql`coalesce(u.preferred_locale, ${defaultLocale})`;

const DAY_MS = 24 * 3600_000;

/** The WHERE clause over `enrolments e join users u`: the course, then each filter that is set. */
export function scopeWhere({ course, defaultLocale, filters: f }: Scope): SQL {
  const parts: SQL[] = [sql`e.course_id = ${course}`];
  if (f.release) parts.push(sql`e.release_id = ${f.release}`);
  if (f.language) parts.push(sql`${languageOf(defaultLocale)} = ${f.language}`);
  if (f.country) parts.push(sql`u.country = ${f.country}`);
  if (f.city) parts.push(sql`lower(u.city) = lower(${f.city})`);
  if (f.organisationKind) parts.push(sql`u.organisation_kind = ${f.organisationKind}`);
  if (f.gender) parts.push(sql`u.gender = ${f.gender}`);
  if (f.from) parts.push(sql`e.enrolled_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) parts.push(sql`e.enrolled_at < ${new Date(f.to.getTime() + DAY_MS).toISOString()}::timestamptz`);
  return sql.join(parts, sql` and `);
}

const FROM = sql`enrolments e join users u on u.id = e.user_id`;

export async function totals(db: Executor, scope: Scope) {
  const [row] = await rows<{ enrolments: number; completions: number; median_seconds: number | null }>(
    db,
    sql`select count(*)::int as enrolments, count(e.completed_at)::int as completions,
          (percentile_cont(0.5) within group (order by extract(epoch from e.completed_at - e.enrolled_at)))::float8
            as median_seconds
        from ${FROM} where ${scopeWhere(scope)}`,
  );
  return row;
}

/** Enrolments with a module visit seen in [since, until). */
export async function activeLearners(db: Executor, scope: Scope, since: Date, until: Date): Promise<number> {
  const [row] = await rows<{ active: number }>(
    db,
    sql`select count(*)::int as active from ${FROM}
        where ${scopeWhere(scope)} and exists (
          select 1 from module_visits mv
          where mv.user_id = e.user_id and mv.course_id = e.course_id and mv.release_id = e.release_id
            and mv.last_at >= ${since.toISOString()}::timestamptz and mv.last_at < ${until.toISOString()}::timestamptz)`,
  );
  return row.active;
}

/** Enrolments by the month they were made, completions by the month they happened (UTC). */
export async function timeline(db: Executor, scope: Scope) {
  return rows<{ month: string; enrolments: number; completions: number }>(
    db,
    sql`select month, sum(enrolments)::int as enrolments, sum(completions)::int as completions from (
          select to_char(e.enrolled_at at time zone 'UTC', 'YYYY-MM') as month, count(*) as enrolments, 0 as completions
          from ${FROM} where ${scopeWhere(scope)} group by 1
          union all
          select to_char(e.completed_at at time zone 'UTC', 'YYYY-MM'), 0, count(*)
          from ${FROM} where ${scopeWhere(scope)} and e.completed_at is not null group by 1
        ) m group by month order by month`,
  );
}

/** Per module: learners who opened it and who completed it, in the release they are enrolled in. */
export async function funnel(db: Executor, scope: Scope) {
  return rows<{ module: string; started: number; completed: number }>(
    db,
    sql`select mv.module_id as module, count(*)::int as started, count(mv.completed_at)::int as completed
        from ${FROM}
        join module_visits mv on mv.user_id = e.user_id and mv.course_id = e.course_id and mv.release_id = e.release_id
        where ${scopeWhere(scope)} group by mv.module_id`,
  );
}

export type GroupRow = {
  country: string | null;
  city: string | null;
  organisation: string | null;
  organisation_kind: string | null;
  gender: string | null;
  release: string | null;
  month: string | null;
  enrolments: number;
  completions: number;
  median_seconds: number | null;
  /** Which grouping the row belongs to (see `GROUPINGS`). */
  grouping: number;
};

/**
 * Median time to complete per release. Kept out of the breakdowns: an ordered-set aggregate would make
 * PostgreSQL sort the whole selection once per grouping set instead of hashing it (about 10 times slower).
 */
export async function releaseMedians(db: Executor, scope: Scope) {
  return rows<{ release: string; median_seconds: number }>(
    db,
    sql`select e.release_id as release,
          (percentile_cont(0.5) within group (order by extract(epoch from e.completed_at - e.enrolled_at)))::float8
            as median_seconds
        from ${FROM} where ${scopeWhere(scope)} and e.completed_at is not null group by e.release_id`,
  );
}

/**
 * The breakdowns in one pass over the enrolments, with GROUPING SETS: by release, country, gender,
 * organisation kind, month enrolled, city, and city with organisation.
 */
export async function groups(db: Executor, scope: Scope) {
  return rows<GroupRow>(
    db,
    sql`select u.country, u.city, u.organisation, u.organisation_kind, u.gender, e.release_id as release,
          to_char(e.enrolled_at at time zone 'UTC', 'YYYY-MM') as month,
          count(*)::int as enrolments, count(e.completed_at)::int as completions, null::float8 as median_seconds,
          grouping(e.release_id, u.country, u.gender, u.organisation_kind, u.city, u.organisation,
            to_char(e.enrolled_at at time zone 'UTC', 'YYYY-MM'))::int as grouping
        from ${FROM} where ${scopeWhere(scope)}
        group by grouping sets (
          (e.release_id), (u.country), (u.gender), (u.organisation_kind), (u.country, u.city),
          (u.country, u.city, u.organisation, u.organisation_kind),
          (to_char(e.enrolled_at at time zone 'UTC', 'YYYY-MM')))`,
  );
}

/**
 * GROUPING() bits, in the order of its arguments (release is the highest bit): a bit is 1 when that
 * column is NOT part of the row's grouping.
 */
export const GROUPINGS = {
  release: 0b0111111,
  country: 0b1011111,
  gender: 0b1101111,
  organisationKind: 0b1110111,
  city: 0b1011011,
  place: 0b1010001,
  month: 0b1111110,
} as const;

/** The values the filters can take in this course, from its enrolments. */
export async function filterOptions(db: Executor, course: string, defaultLocale: string) {
  const [row] = await rows<{ countries: string[] | null; cities: string[] | null; languages: string[] | null }>(
    db,
    sql`select array_agg(distinct u.country order by u.country) filter (where u.country is not null) as countries,
          array_agg(distinct u.city order by u.city) filter (where u.city is not null) as cities,
          array_agg(distinct ${languageOf(defaultLocale)}) as languages
        from ${FROM} where e.course_id = ${course}`,
  );
  return { countries: row.countries ?? [], cities: row.cities ?? [], languages: (row.languages ?? []).sort() };
}

/** Modules of each release of the course, in order, and how many quizzes each release holds. */
export async function releaseModules(db: Executor, course: string) {
  return rows<{ release: string; module: string; position: number; titles: Record<string, string>; quizzes: number }>(
    db,
    sql`select rm.release_id as release, rm.module_id as module, rm.position, rm.titles,
          coalesce(jsonb_array_length(mv.quizzes), 0)::int as quizzes
        from release_modules rm
        join releases r on r.course_id = rm.course_id and r.id = rm.release_id
        join courses c on c.id = rm.course_id
        left join release_module_locales rml on rml.course_id = rm.course_id and rml.release_id = rm.release_id
          and rml.module_id = rm.module_id and rml.locale = c.default_locale
        left join module_versions mv on mv.hash = rml.version_hash
        where rm.course_id = ${course}
        order by r.position, rm.position`,
  );
}
