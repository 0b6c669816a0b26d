import { createHash } from 'node:crypto';
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../server/src/lib/db';
import {
  certificates,
  enrolments,
  moduleVisits,
  quizResults,
  users,
  xapiStatements,
} from '../server/src/lib/db/schema';
import { refreshSummaries } from '../server/src/learning/store';
import { releaseModules } from '../server/src/reports/store';
import { learningStatement, type LearningEvent } from '../server/src/xapi/profile';
import { learnerAgent } from '../server/src/xapi/service';
import { contentHash, statementKeys } from '../server/src/xapi/statement-keys';

/**
 * A realistic course population for demonstrations and the benchmark: practitioners from European
 * cities and their organisations, enrolled over both releases, who drop off module by module, with the
 * progress rows, quiz results, certificates and xAPI statements that their learning would have left.
 */
const PLACES: [country: string, locale: string, cities: string[]][] = [
  ['IT', 'it', ['Bologna', 'Milano', 'Torino', 'Napoli', 'Palermo', 'Bari']],
  ['DE', 'de', ['Berlin', 'München', 'Leipzig', 'Hamburg', 'Köln']],
  ['FR', 'fr', ['Lyon', 'Paris', 'Marseille', 'Strasbourg', 'Nantes']],
  ['ES', 'es', ['Barcelona', 'Madrid', 'Valencia', 'Sevilla', 'Bilbao']],
  ['GR', 'el', ['Athína', 'Thessaloníki', 'Pátra']],
  ['FI', 'fi', ['Helsinki', 'Oulu', 'Tampere', 'Turku']],
  ['CZ', 'cs', ['Praha', 'Brno', 'Ostrava']],
  ['HR', 'hr', ['Zagreb', 'Rijeka', 'Split']],
  ['NL', 'en', ['Amsterdam', 'Rotterdam', 'Utrecht']],
  ['BE', 'fr', ['Gent', 'Liège']],
  ['PT', 'en', ['Lisboa', 'Porto']],
  ['SE', 'en', ['Malmö', 'Göteborg']],
  ['IE', 'en', ['Dublin']],
  ['AT', 'de', ['Wien', 'Graz']],
];
const ORGANISATIONS: [kind: string, weight: number, name: (city: string, n: number) => string][] = [
  ['municipality', 45, (c, n) => (n === 0 ? `City of ${c}` : `City of ${c}, district ${n + 1}`)],
  ['ngo', 30, (c, n) => [`${c} Welcome Centre`, `Refugee Support ${c}`, `${c} Language Café`][n % 3]],
  ['migrant-led', 15, (c, n) => [`${c} Migrant Forum`, `New Neighbours ${c}`][n % 2]],
  ['other', 10, (c, n) => [`University of ${c}`, `${c} Adult Education Centre`][n % 2]],
];
const GENDERS: [string | null, number][] = [
  ['woman', 55],
  ['man', 38],
  ['non-binary', 2],
  ['self-described', 1],
  ['prefer-not-to-say', 2],
  [null, 2],
];
const FIRST = [
  'Anna',
  'Marco',
  'Lea',
  'Jonas',
  'Camille',
  'Lucía',
  'Eleni',
  'Aino',
  'Tereza',
  'Ivana',
  'Omar',
  'Amina',
];
const LAST = [
  'Rossi',
  'Müller',
  'Martin',
  'García',
  'Papadopoulou',
  'Virtanen',
  'Nováková',
  'Horvat',
  'Haddad',
  'Diallo',
];

/** A small seeded generator (mulberry32): the same seed gives the same population. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const weighted = <T>(list: [T, number][]): T => {
    let r = next() * list.reduce((n, [, w]) => n + w, 0);
    for (const [v, w] of list) if ((r -= w) < 0) return v;
    return list[list.length - 1][0];
  };
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)];
  const uuid = () => {
    const h = [...Array(16)].map(() => Math.floor(next() * 256));
    h[6] = (h[6] & 0x0f) | 0x40;
    h[8] = (h[8] & 0x3f) | 0x80;
    const x = h.map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  };
  return { next, weighted, pick, uuid };
}

interface ReleasePlan {
  id: string;
  start: number;
  end: number;
  weight: number;
  modules: { id: string; minutes: number; quizzes: string[] }[];
}

async function releasePlans(db: Db, course: string, now: number): Promise<ReleasePlan[]> {
  const list = await releaseModules(db, course);
  const plans: ReleasePlan[] = [];
  for (const m of list) {
    let plan = plans.find((p) => p.id === m.release);
    if (!plan) {
      plan = { id: m.release, start: Date.parse(m.date), end: 0, weight: 0, modules: [] };
      plans.push(plan);
    }
    plan.modules.push({ id: m.module, minutes: m.minutes, quizzes: m.quizIds });
  }
  // Each release takes enrolments until the next one is published; the latest until a week ago.
  plans.forEach((p, i) => {
    p.end = i + 1 < plans.length ? plans[i + 1].start : now - 7 * 86400_000;
    p.weight = i + 1 < plans.length ? 1 : 2;
  });
  return plans.filter((p) => p.end > p.start);
}

/**
 * Many rows in one statement with one parameter: the rows as JSON, expanded by json_populate_recordset
 * (several times faster than a multi-row VALUES with a parameter per value, on PostgreSQL and PGlite).
 * Only the columns given are written, so the others take their defaults.
 */
async function bulkInsert<T extends PgTable>(db: Executor, table: T, list: T['$inferInsert'][]): Promise<void> {
  if (!list.length) return;
  const fields = getTableColumns(table) as Record<string, { name: string }>;
  const keys = Object.keys(list[0]);
  const name = sql.raw(`"${getTableName(table)}"`);
  const columns = sql.raw(keys.map((k) => `"${fields[k].name}"`).join(', '));
  const json = JSON.stringify(
    list.map((row) => Object.fromEntries(Object.entries(row).map(([k, x]) => [fields[k].name, x]))),
  );
  await db.execute(
    sql`insert into ${name} (${columns}) select ${columns} from json_populate_recordset(null::${name}, ${json}::json)`,
  );
}

export interface DemoOptions {
  course: string;
  learners: number;
  publicUrl: string;
  seed: number;
  /** Learners written per transaction. */
  batch?: number;
  progress?: (done: number, total: number) => void;
}

/** Seeds the population; returns how many enrolments, completions and statements it wrote. */
export async function seedDemo(db: Db, o: DemoOptions) {
  const now = Date.now();
  const plans = await releasePlans(db, o.course, now);
  if (!plans.length) throw new Error(`Course "${o.course}" has no release to enrol in; import it first.`);
  const rnd = random(o.seed);
  const batch = o.batch ?? 1000;
  const totals = { enrolments: 0, completions: 0, statements: 0 };
  const day = 86400_000;
  for (let done = 0; done < o.learners; done += batch) {
    const size = Math.min(batch, o.learners - done);
    const u: (typeof users.$inferInsert)[] = [];
    const e: (typeof enrolments.$inferInsert)[] = [];
    const v: (typeof moduleVisits.$inferInsert)[] = [];
    const q: (typeof quizResults.$inferInsert)[] = [];
    const c: (typeof certificates.$inferInsert)[] = [];
    const s: (typeof xapiStatements.$inferInsert)[] = [];
    for (let k = 0; k < size; k++) {
      const userId = rnd.uuid();
      const [country, locale, cities] = rnd.pick(PLACES);
      const city = rnd.pick(cities);
      const kind = rnd.weighted(ORGANISATIONS.map((x) => [x, x[1]] as [typeof x, number]));
      const name = `${rnd.pick(FIRST)} ${rnd.pick(LAST)}`;
      const language = rnd.next() < 0.7 ? locale : rnd.next() < 0.9 ? 'en' : null;
      u.push({
        id: userId,
        displayName: name,
        role: 'learner',
        preferredLocale: language,
        organisation: kind[2](city, Math.floor(rnd.next() * 3)),
        city,
        country,
        organisationKind: kind[0],
        gender: rnd.weighted(GENDERS),
        namedInReports: rnd.next() < 0.25,
      });
      const plan = rnd.weighted(plans.map((p) => [p, p.weight] as [ReleasePlan, number]));
      const enrolledAt = plan.start + rnd.next() * (plan.end - plan.start);
      const registration = rnd.uuid();
      const event = (verb: LearningEvent['verb'], at: number, module?: string) => {
        const statement = {
          id: rnd.uuid(),
          timestamp: new Date(at).toISOString(),
          ...learningStatement({
            publicUrl: o.publicUrl,
            userId,
            course: o.course,
            release: plan.id,
            registration,
            language: language ?? 'en',
            verb,
            module,
          }),
        };
        const stored = new Date(at + 2000);
        const full = {
          ...statement,
          stored: stored.toISOString(),
          authority: learnerAgent(o.publicUrl, userId),
          version: '1.0.3',
        };
        s.push({
          id: statement.id,
          statement: full,
          contentHash: contentHash(statement),
          ...statementKeys(full),
          authorityKey: `user:${userId}`,
          stored,
        });
      };
      event('registered', enrolledAt);
      let at = enrolledAt + rnd.next() * 2 * day;
      let completedAll = true;
      for (let i = 0; i < plan.modules.length; i++) {
        const m = plan.modules[i];
        // Most open the first module; each further module loses some of those who went on.
        if (rnd.next() > (i === 0 ? 0.95 : 0.86) || at > now) {
          completedAll = false;
          break;
        }
        const firstAt = at;
        const finished = rnd.next() < 0.93;
        const lastAt = firstAt + (0.2 + rnd.next() * (finished ? 3 : 1)) * day;
        event('experienced', firstAt, m.id);
        if (finished) event('completed', lastAt, m.id);
        v.push({
          userId,
          courseId: o.course,
          releaseId: plan.id,
          moduleId: m.id,
          firstAt: new Date(firstAt),
          lastAt: new Date(lastAt),
          progress: finished ? 1 : Math.round(rnd.next() * 75) / 100,
          readAt: finished ? new Date(lastAt) : null,
          completedAt: finished ? new Date(lastAt) : null,
        });
        for (const quiz of m.quizzes)
          if (finished || rnd.next() < 0.3)
            q.push({
              userId,
              courseId: o.course,
              releaseId: plan.id,
              moduleId: m.id,
              quizId: quiz,
              bestScore: finished ? 70 + Math.floor(rnd.next() * 31) : Math.floor(rnd.next() * 70),
              attempts: 1 + Math.floor(rnd.next() * 3),
              lastAt: new Date(lastAt),
            });
        if (!finished) {
          completedAll = false;
          break;
        }
        at = lastAt + rnd.next() * 10 * day;
      }
      const completedAt = completedAll ? at : null;
      e.push({
        id: registration,
        userId,
        courseId: o.course,
        releaseId: plan.id,
        enrolledAt: new Date(enrolledAt),
        completedAt: completedAt ? new Date(completedAt) : null,
      });
      if (completedAt) {
        event('completed', completedAt);
        totals.completions++;
        c.push({
          code: `ATR-${createHash('sha256').update(registration).digest('hex').slice(0, 10).toUpperCase()}`,
          enrolmentId: registration,
          courseId: o.course,
          releaseId: plan.id,
          holderName: name,
          minutes: plan.modules.reduce((n, m) => n + m.minutes, 0),
          issuedAt: new Date(completedAt),
        });
      }
    }
    await db.transaction(async (tx) => {
      await bulkInsert(tx, users, u);
      await bulkInsert(tx, enrolments, e);
      await bulkInsert(tx, moduleVisits, v);
      await bulkInsert(tx, quizResults, q);
      await bulkInsert(tx, certificates, c);
      await bulkInsert(tx, xapiStatements, s);
      await refreshSummaries(tx, { courseId: o.course, userIds: e.map((r) => r.userId) });
    });
    totals.enrolments += size;
    totals.statements += s.length;
    o.progress?.(done + size, o.learners);
  }
  return totals;
}
