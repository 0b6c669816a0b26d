import type { Db } from '../lib/db';
import { GENDERS, ORGANISATION_KINDS } from '../account/schema';
import * as catalog from '../catalog/service';
import { Invalid, NotFound } from '../lib/errors';
import { suppressSmallGroups } from './disclosure';
import { MIN_GROUP, type TReportFilters } from './schema';
import * as store from './store';
import { GROUPINGS, type GroupRow, type Scope } from './store';

/** Accounts by role and module visits per course release: the first numbers staff ask for. */
export async function summary(db: Db) {
  const [accounts, visits] = await Promise.all([store.accountsByRole(db), store.visitsByRelease(db)]);
  return { accounts, visits };
}

const DAY_MS = 24 * 3600_000;
/** "Active" means a module visit seen in the 30 days up to the end of the period (or now). */
export const ACTIVE_DAYS = 30;

/** The course, checked, with its releases; a release filter must name one of them. */
export async function resolveScope(db: Db, course: string, filters: TReportFilters) {
  const record = await catalog.requireCourse(db, course);
  const releases = await catalog.listReleases(db, course);
  if (filters.release && !releases.some((r) => r.id === filters.release))
    throw new Invalid(
      `release: course "${course}" has no release "${filters.release}"; use one of ${releases.map((r) => r.id).join(', ')}.`,
      { reason: 'course.no_release', release: filters.release },
    );
  const scope: Scope = { course, defaultLocale: record.defaultLocale, filters };
  return { scope, course: record, releases };
}

/** Modules in course order (a module's place in the latest release that has it) and per-release totals. */
export async function courseModules(db: Db, course: string) {
  const list = await store.releaseModules(db, course);
  const modules = new Map<string, { module: string; position: number; titles: Record<string, string> }>();
  const perRelease = new Map<string, { modules: string[]; quizzes: number }>();
  for (const m of list) {
    modules.set(m.module, { module: m.module, position: m.position, titles: m.titles });
    const r = perRelease.get(m.release) ?? { modules: [], quizzes: 0 };
    r.modules.push(m.module);
    r.quizzes += m.quizIds.length;
    perRelease.set(m.release, r);
  }
  return { modules, perRelease };
}

const isoDay = (d: Date | undefined) => d?.toISOString().slice(0, 10);
export const filtersForDisplay = (f: TReportFilters) => ({ ...f, from: isoDay(f.from), to: isoDay(f.to) });

const rate = (completions: number, enrolments: number) =>
  enrolments ? Math.round((completions / enrolments) * 1000) / 10 : null;
const days = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 86400) * 10) / 10);

function figures(g: { enrolments: number; completions: number; median_seconds: number | null }) {
  return {
    enrolments: g.enrolments,
    completions: g.completions,
    completionRate: rate(g.completions, g.enrolments),
    medianDaysToComplete: days(g.median_seconds),
  };
}

/**
 * The breakdowns of a selection. Groups by gender or country always pass disclosure control; when the
 * selection itself is narrowed by gender or country, every breakdown does.
 */
export function breakdowns(groups: GroupRow[], sensitive: boolean) {
  const of = (bits: number) => groups.filter((g) => g.grouping === bits);
  const controlled = <T extends { enrolments: number }>(list: T[], always: boolean) =>
    always || sensitive ? suppressSmallGroups(list) : { shown: list, hidden: 0 };
  const byEnrolments = <T extends { enrolments: number }>(list: T[]) =>
    [...list].sort((a, b) => b.enrolments - a.enrolments);
  const release = controlled(of(GROUPINGS.release), false);
  const country = controlled(of(GROUPINGS.country), true);
  const gender = controlled(of(GROUPINGS.gender), true);
  const kind = controlled(of(GROUPINGS.organisationKind), false);
  const city = controlled(of(GROUPINGS.city), false);
  const place = controlled(of(GROUPINGS.place), false);
  const month = controlled(of(GROUPINGS.month), false);
  return {
    byRelease: release.shown.map((g) => ({ release: g.release, ...figures(g) })),
    byCountry: byEnrolments(country.shown).map((g) => ({ country: g.country, ...figures(g) })),
    byGender: byEnrolments(gender.shown).map((g) => ({ gender: g.gender, ...figures(g) })),
    byOrganisationKind: byEnrolments(kind.shown).map((g) => ({ organisationKind: g.organisation_kind, ...figures(g) })),
    byCity: byEnrolments(city.shown).map((g) => ({ country: g.country, city: g.city, ...figures(g) })),
    byPlace: byEnrolments(place.shown).map((g) => ({
      country: g.country,
      city: g.city,
      organisation: g.organisation,
      organisationKind: g.organisation_kind,
      ...figures(g),
    })),
    byMonth: month.shown
      .map((g) => ({ month: g.month, ...figures(g) }))
      .sort((a, b) => a.month!.localeCompare(b.month!)),
    hidden: {
      country: country.hidden,
      gender: gender.hidden,
      other: release.hidden + kind.hidden + city.hidden + place.hidden + month.hidden,
    },
  };
}

/** Enrolments by the month they were made, completions by the month they happened, month by month. */
function monthly(groups: GroupRow[]) {
  const months = new Map<string, { month: string; enrolments: number; completions: number }>();
  const at = (month: string) =>
    months.get(month) ?? months.set(month, { month, enrolments: 0, completions: 0 }).get(month)!;
  for (const g of groups) {
    if (g.grouping === GROUPINGS.month && g.month) at(g.month).enrolments = g.enrolments;
    if (g.grouping === GROUPINGS.completedMonth && g.completed_month) at(g.completed_month).completions = g.enrolments;
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

const collator = new Intl.Collator('en');

/** The countries, cities and languages present, each in order, for the filter lists. */
function optionsOf(list: Pick<GroupRow, 'country' | 'city' | 'language'>[]) {
  const present = (key: 'country' | 'city' | 'language') =>
    [...new Set(list.map((r) => r[key]).filter((v): v is string => v !== null))].sort(collator.compare);
  return { countries: present('country'), cities: present('city'), languages: present('language') };
}

/**
 * How long a process keeps a course's filter lists (its countries, cities and languages). Reading them
 * means reading every enrolment of the course, as much work as the unfiltered dashboard's counts
 * (about 0.6 s at 1,000,000 learners), and they change only when a learner from a new place or with a
 * new language arrives: such a value appears in the lists up to this long later. Figures are never kept.
 */
export const FILTER_LISTS_TTL_MS = 60_000;
type FilterValues = Pick<GroupRow, 'country' | 'city' | 'language'>[];
const filterLists = new WeakMap<Db, Map<string, { at: number; values: Promise<FilterValues> }>>();

function courseFilterValues(db: Db, course: string, defaultLocale: string, now: Date): Promise<FilterValues> {
  const kept = filterLists.get(db) ?? filterLists.set(db, new Map()).get(db)!;
  const key = `${course}\n${defaultLocale}`;
  const hit = kept.get(key);
  if (hit && now.getTime() - hit.at >= 0 && now.getTime() - hit.at < FILTER_LISTS_TTL_MS) return hit.values;
  const values = store.withReportMemory(db, (tx) => store.filterOptions(tx, course, defaultLocale));
  kept.set(key, { at: now.getTime(), values });
  values.catch(() => kept.delete(key));
  return values;
}

/** Everything the staff dashboard shows for a course and filters. */
export async function dashboard(db: Db, course: string, filters: TReportFilters, now = new Date()) {
  const { scope, releases } = await resolveScope(db, course, filters);
  const until = filters.to ? new Date(filters.to.getTime() + DAY_MS) : now;
  const since = new Date(until.getTime() - ACTIVE_DAYS * DAY_MS);
  const unfiltered = Object.values(filters).every((v) => v === undefined);
  const [groups, active, funnel, values, modules] = await Promise.all([
    store.withReportMemory(db, (tx) => store.overview(tx, scope)),
    store.withReportMemory(db, (tx) => store.activeLearners(tx, scope, since, until)),
    store.withReportMemory(db, (tx) => store.funnel(tx, scope)),
    // Unfiltered, the overview holds every country, city and language already.
    unfiltered ? undefined : courseFilterValues(db, course, scope.defaultLocale, now),
    courseModules(db, course),
  ]);
  const options = optionsOf(values ?? groups);
  const totals = groups.find((g) => g.grouping === GROUPINGS.all) ?? {
    enrolments: 0,
    completions: 0,
    median_seconds: null,
  };
  const sensitive = Boolean(filters.gender || filters.country);
  const withheld = sensitive && totals.enrolments > 0 && totals.enrolments < MIN_GROUP;
  const timeline = monthly(groups);
  const parts = breakdowns(withheld ? [] : groups, sensitive);
  const order = filters.release
    ? (modules.perRelease.get(filters.release)?.modules ?? [])
    : [...modules.modules.values()].sort((a, b) => a.position - b.position).map((m) => m.module);
  const counted = new Map(funnel.map((f) => [f.module, f]));
  const funnelRows = order.map((id, i) => ({
    module: id,
    position: i + 1,
    titles: modules.modules.get(id)?.titles ?? {},
    started: counted.get(id)?.started ?? 0,
    completed: counted.get(id)?.completed ?? 0,
  }));
  const small = (n: number) => sensitive && n > 0 && n < MIN_GROUP;
  return {
    course,
    filters: filtersForDisplay(filters),
    minGroup: MIN_GROUP,
    withheld,
    totals: withheld
      ? null
      : {
          ...figures(totals),
          activeLearners: active,
        },
    activeWindow: { since: since.toISOString(), until: until.toISOString(), days: ACTIVE_DAYS },
    timeline: withheld ? [] : timeline.filter((m) => !(small(m.enrolments) || small(m.completions))),
    funnel: withheld ? [] : funnelRows.filter((f) => !small(f.started)),
    ...parts,
    options: {
      releases: releases.map((r) => r.id),
      languages: options.languages,
      countries: options.countries,
      cities: options.cities,
      organisationKinds: ORGANISATION_KINDS,
      genders: GENDERS,
    },
  };
}

export type Dashboard = Awaited<ReturnType<typeof dashboard>>;

/**
 * A module's steps, in order, with the learners who opened each and read it to the end: where in the
 * module learners stop. Steps belong to one release, so without a release filter it is the latest
 * release that has the module.
 */
export async function stepFunnel(db: Db, course: string, module: string, filters: TReportFilters, lang?: string) {
  const { scope } = await resolveScope(db, course, filters);
  const { perRelease } = await courseModules(db, course);
  const having = [...perRelease].filter(([, r]) => r.modules.includes(module)).map(([id]) => id);
  const release = filters.release ?? having.at(-1);
  if (!release || !having.includes(release))
    throw new NotFound(
      `${filters.release ? `Release "${filters.release}"` : `Course "${course}"`} has no module "${module}"; the dashboard's funnel lists the modules.`,
      { reason: 'course.no_module', module },
    );
  const [shown, counts] = await Promise.all([
    catalog.getModule(db, course, release, module, [lang ?? scope.defaultLocale]),
    store.withReportMemory(db, (tx) => store.stepFunnel(tx, scope, release, module)),
  ]);
  const counted = new Map(counts.map((c) => [c.step, c]));
  const sensitive = Boolean(filters.gender || filters.country);
  const small = (n: number) => sensitive && n > 0 && n < MIN_GROUP;
  const steps = shown.steps.map((s, i) => ({
    step: s.id,
    position: i + 1,
    kind: s.kind,
    title: s.title,
    opened: counted.get(s.id)?.opened ?? 0,
    read: counted.get(s.id)?.read ?? 0,
  }));
  return {
    course,
    release,
    module: { id: module, title: shown.title, locale: shown.locale },
    filters: filtersForDisplay(filters),
    minGroup: MIN_GROUP,
    steps: steps.filter((s) => !small(s.opened)),
    hidden: steps.filter((s) => small(s.opened)).length,
  };
}

export type StepFunnel = Awaited<ReturnType<typeof stepFunnel>>;
