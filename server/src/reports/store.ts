import { count, countDistinct, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { rows, type Db, type Executor } from '../lib/db';
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
export const languageOf = (defaultLocale: string, profile = sql.raw('u')) =>
  sql`coalesce(${profile}.preferred_locale, ${defaultLocale})`;

const DAY_MS = 24 * 3600_000;

/**
 * The WHERE clause over `enrolments e join users u` (or, with `summary`, over `enrolment_summaries e`,
 * which holds the same columns): the course, then each filter that is set.
 */
export function scopeWhere({ course, defaultLocale, filters: f }: Scope, summary = false): SQL {
  const u = sql.raw(summary ? 'e' : 'u');
  const parts: SQL[] = [
    sql`e.course_id = ${course}`,
    // Reports count learners only: a trainer, staff member or admin who enrols (to check a course) is
    // left out. Few accounts have those roles, so this is one small hashed set, not a join per row.
    sql`e.user_id not in (select id from users where role <> 'learner')`,
  ];
  if (f.release) parts.push(sql`e.release_id = ${f.release}`);
  if (f.language) parts.push(sql`${languageOf(defaultLocale, u)} = ${f.language}`);
  if (f.country) parts.push(sql`${u}.country = ${f.country}`);
  if (f.city) parts.push(sql`lower(${u}.city) = lower(${f.city})`);
  if (f.organisationKind) parts.push(sql`${u}.organisation_kind = ${f.organisationKind}`);
  if (f.gender) parts.push(sql`${u}.gender = ${f.gender}`);
  if (f.from) parts.push(sql`e.enrolled_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) parts.push(sql`e.enrolled_at < ${new Date(f.to.getTime() + DAY_MS).toISOString()}::timestamptz`);
  return sql.join(parts, sql` and `);
}

/** The dashboard reads one summary row per enrolment (`enrolment_summaries`), with the learner's profile in it. */
const SUMMARY = sql`enrolment_summaries e`;
const where = (scope: Scope) => scopeWhere(scope, true);

/**
 * Aggregations over 100,000 enrolments hash or sort more than PostgreSQL's default 4 MB of work
 * memory holds, and would spill to disk: each report query gets more, in its own transaction only.
 */
export async function withReportMemory<T>(db: Db, run: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // Three settings for this transaction only, in one round trip:
    // - work memory, so that the aggregations hash in memory;
    // - no parallel workers: the dashboard runs its queries side by side already, workers per query
    //   would only compete with them;
    // - no JIT: the estimated costs pass its threshold (the active-learner count's per-row subquery
    //   alone does) although the queries run in tens of milliseconds, and compiling took longer.
    await tx.execute(
      sql`select set_config('work_mem', '32MB', true), set_config('max_parallel_workers_per_gather', '0', true),
            set_config('jit', 'off', true)`,
    );
    return run(tx);
  });
}

/**
 * Enrolments with a module visit seen in [since, until). The summary's latest visit answers alone when
 * it falls in the window (always, for a window that ends now); only a visit after the window's end
 * sends the query to the visits themselves. `offset 0` keeps that a look-up of the enrolment's visits
 * by their key: without it, PostgreSQL may hash every module visit of the window instead, which reads
 * the whole visits table however few enrolments the filters select.
 */
export async function activeLearners(db: Executor, scope: Scope, since: Date, until: Date): Promise<number> {
  const [row] = await rows<{ active: number }>(
    db,
    sql`select count(*)::int as active from ${SUMMARY}
        where ${where(scope)} and e.last_activity_at >= ${since.toISOString()}::timestamptz
          and (e.last_activity_at < ${until.toISOString()}::timestamptz or exists (
          select 1 from module_visits mv
          where mv.user_id = e.user_id and mv.course_id = e.course_id and mv.release_id = e.release_id
            and mv.last_at >= ${since.toISOString()}::timestamptz and mv.last_at < ${until.toISOString()}::timestamptz
          offset 0))`,
  );
  return row.active;
}

/**
 * Per module: learners who opened it and who completed it, in the release they are enrolled in. The
 * selected enrolments fall into few combinations of modules visited and completed (learners mostly go
 * in order): counted per combination first, they are then spread over their modules.
 */
export async function funnel(db: Executor, scope: Scope) {
  return rows<{ module: string; started: number; completed: number }>(
    db,
    sql`with combos as (
          select e.funnel_started, e.funnel_completed, count(*)::int as n
          from ${SUMMARY} where ${where(scope)} group by e.funnel_started, e.funnel_completed)
        select module, sum(started)::int as started, sum(completed)::int as completed from (
          select unnest(funnel_started) as module, n as started, 0 as completed from combos
          union all
          select unnest(funnel_completed), 0, n from combos) m
        group by module`,
  );
}

export type GroupRow = {
  country: string | null;
  city: string | null;
  organisation: string | null;
  organisation_kind: string | null;
  gender: string | null;
  release: string | null;
  /** Month enrolled, YYYY-MM (UTC). */
  month: string | null;
  /** Month completed, YYYY-MM (UTC). */
  completed_month: string | null;
  language: string | null;
  enrolments: number;
  completions: number;
  median_seconds: number | null;
  /** Which grouping the row belongs to (see `GROUPINGS`). */
  grouping: number;
};

/**
 * GROUPING() bits, in the order of its arguments (release is the highest bit): a bit is 1 when that
 * column is NOT part of the row's grouping.
 */
export const GROUPINGS = {
  all: 0b111111111,
  release: 0b011111111,
  country: 0b101111111,
  gender: 0b110111111,
  organisationKind: 0b111011111,
  city: 0b101101111,
  place: 0b101000111,
  month: 0b111111011,
  completedMonth: 0b111111101,
  language: 0b111111110,
} as const;

/**
 * Every count of the dashboard in one pass over the selected enrolments (joined to their learners
 * once): with GROUPING SETS, the total, the breakdowns by release, country, gender, organisation kind,
 * city, city with organisation, and language, and enrolments and completions by month. Medians of the time to
 * complete (per release and overall) come from the same selection: an ordered-set aggregate among the
 * grouping sets would make PostgreSQL sort the whole selection once per set instead of hashing it.
 */
export async function overview(db: Executor, scope: Scope) {
  const list = await rows<GroupRow & { part: 'counts' | 'medians' }>(
    db,
    sql`with sel as materialized (
          select e.release_id as release, e.enrolled_at, e.completed_at, e.country, e.city, e.organisation,
            e.organisation_kind, e.gender, e.enrolled_month as month, e.completed_month,
            ${languageOf(scope.defaultLocale, sql.raw('e'))} as language
          from ${SUMMARY} where ${where(scope)})
        select 'counts'::text as part, release, country, city, organisation, organisation_kind, gender,
          month, completed_month, language,
          count(*)::int as enrolments, count(completed_at)::int as completions, null::float8 as median_seconds,
          grouping(release, country, gender, organisation_kind, city, organisation, month, completed_month,
            language)::int as grouping
        from sel
        group by grouping sets ((), (release), (country), (gender), (organisation_kind), (country, city),
          (country, city, organisation, organisation_kind), (month), (completed_month), (language))
        union all
        select 'medians', release, null, null, null, null, null, null, null, null, 0, 0,
          (percentile_cont(0.5) within group (order by extract(epoch from completed_at - enrolled_at)))::float8,
          case when grouping(release) = 1 then ${GROUPINGS.all}::int else ${GROUPINGS.release}::int end
        from sel where completed_at is not null group by rollup (release)`,
  );
  const medians = new Map(
    list.filter((r) => r.part === 'medians').map((r) => [`${r.grouping}:${r.release}`, r.median_seconds]),
  );
  const groups = list.filter((r) => r.part === 'counts');
  for (const g of groups) g.median_seconds = medians.get(`${g.grouping}:${g.release}`) ?? null;
  return groups;
}

/** The values the filters can take in this course: the countries, cities and languages of its enrolments. */
export async function filterOptions(db: Executor, course: string, defaultLocale: string) {
  return rows<Pick<GroupRow, 'country' | 'city' | 'language'>>(
    db,
    sql`select country, city, language from (
          select e.country, e.city, ${languageOf(defaultLocale, sql.raw('e'))} as language
          from ${SUMMARY} where e.course_id = ${course}) s
        group by grouping sets ((country), (city), (language))`,
  );
}

/** Modules of each release of the course, in order: with the release's date, minutes and quiz ids. */
export async function releaseModules(db: Executor, course: string) {
  return rows<{
    release: string;
    date: string;
    module: string;
    position: number;
    minutes: number;
    titles: Record<string, string>;
    quizIds: string[];
  }>(
    db,
    sql`select rm.release_id as release, r.date, rm.module_id as module, rm.position, rm.minutes, rm.titles,
          coalesce((select array_agg(q->>'id') from jsonb_array_elements(mv.quizzes) q), '{}') as "quizIds"
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

/** Per step of one module in one release: learners who opened it and who read it to the end. */
export async function stepFunnel(db: Executor, scope: Scope, release: string, module: string) {
  return rows<{ step: string; opened: number; read: number }>(
    db,
    sql`select sv.step_id as step, count(*)::int as opened, count(sv.read_at)::int as read
        from ${SUMMARY}
        join step_visits sv on sv.user_id = e.user_id and sv.course_id = e.course_id and sv.release_id = e.release_id
        where ${where(scope)} and e.release_id = ${release} and sv.module_id = ${module}
        group by sv.step_id`,
  );
}
