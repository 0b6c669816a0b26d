import { inArray } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { users } from '../lib/db/schema';
import type { Lrs, Projector } from '../xapi/lrs';
import { PROGRESS_EXTENSION, VERBS, parseModuleIri, parseStepIri } from '../xapi/profile';
import { isPlatformStatement, type StoredStatement } from '../xapi/service';
import { evaluate } from './completion';
import { refreshSummaries } from './summaries';
import { upsertStepVisits, upsertVisits } from './progress-store';

type Obj = Record<string, unknown>;

export interface ModuleRead {
  userId: string;
  courseId: string;
  releaseId: string;
  moduleId: string;
}

/**
 * The learning projector, registered with the LRS: keeps the progress rows (first opened, last seen,
 * share read, read to the end, per learner, release and module) in step with stored statements, in the
 * same transaction, so reports never rescan the log; modules just read to the end go to the completion
 * rules. Statements the platform decided (completions, checked answers, enrolments) are outcomes of
 * these rules, not evidence for them: they are left out, so the walk never comes back here.
 */
export const projectLearning: Projector = async (db, stored, lrs) => {
  const rows = stored.filter((row) => !isPlatformStatement(row));
  if (!rows.length) return;
  await projectStepProgress(db, rows, lrs.publicUrl);
  const { publicUrl } = lrs;
  const events = rows.flatMap((row) => {
    const s = row.statement as Obj;
    const account = (s.actor as Obj).account as Obj | undefined;
    const target = row.activityId ? parseModuleIri(publicUrl, row.activityId) : undefined;
    const release = (s.context as Obj | undefined)?.revision;
    const verb = Object.entries(VERBS).find(([, iri]) => iri === row.verbId)?.[0];
    if (!account || account.homePage !== publicUrl || !target || typeof release !== 'string') return [];
    if (verb !== 'experienced' && verb !== 'progressed' && verb !== 'completed') return [];
    const at = new Date(String(s.timestamp));
    const extension = ((s.result as Obj | undefined)?.extensions as Obj | undefined)?.[PROGRESS_EXTENSION];
    // A learner's own `completed` only says they reached the end: completion also needs the quizzes.
    const progress =
      verb === 'completed' ? 1 : typeof extension === 'number' ? Math.min(1, Math.max(0, extension / 100)) : 0;
    return [
      {
        userId: String(account.name),
        courseId: target.course,
        releaseId: release,
        moduleId: target.module,
        at,
        progress,
      },
    ];
  });
  if (!events.length) return;
  const known = await existingUsers(db, events);
  const learnerEvents = events.filter((e) => known.has(e.userId));
  await upsertVisits(
    db,
    learnerEvents.map((e) => ({
      userId: e.userId,
      courseId: e.courseId,
      releaseId: e.releaseId,
      moduleId: e.moduleId,
      firstAt: e.at,
      lastAt: e.at,
      progress: e.progress,
      readAt: e.progress >= 1 ? e.at : null,
    })),
  );
  const read = learnerEvents.filter((e) => e.progress >= 1);
  if (read.length) await completeModulesRead(lrs, db, read);
  // Last, once completion is decided: the report summary rows of the learners who moved.
  await refreshSummaries(db, learnerEvents);
};

/** Modules just read to the end may now be completed: the completion rules decide, per learner and release. */
async function completeModulesRead(lrs: Lrs, tx: Executor, reads: ModuleRead[]): Promise<void> {
  const groups = new Map<string, { learner: Omit<ModuleRead, 'moduleId'>; modules: string[] }>();
  for (const r of reads) {
    const key = `${r.userId}\0${r.courseId}\0${r.releaseId}`;
    const group = groups.get(key) ?? { learner: r, modules: [] };
    group.modules.push(r.moduleId);
    groups.set(key, group);
  }
  for (const { learner, modules } of groups.values()) await evaluate(lrs, tx, learner, modules);
}

/** The ids among the events' account names that are Atrium accounts (names of other systems' agents are not). */
async function existingUsers(db: Executor, events: { userId: string }[]): Promise<Set<string>> {
  const ids = [...new Set(events.map((e) => e.userId))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
  return new Set(rows.map((u) => u.id));
}

/** Step rows (opened, last seen, read to the end) from statements about steps; reports drill into them. */
async function projectStepProgress(db: Executor, rows: StoredStatement[], publicUrl: string): Promise<void> {
  const events = rows.flatMap((row) => {
    const s = row.statement as Obj;
    const account = (s.actor as Obj).account as Obj | undefined;
    const target = row.activityId ? parseStepIri(publicUrl, row.activityId) : undefined;
    const release = (s.context as Obj | undefined)?.revision;
    const verb = Object.entries(VERBS).find(([, iri]) => iri === row.verbId)?.[0];
    if (!account || account.homePage !== publicUrl || !target || typeof release !== 'string') return [];
    if (verb !== 'experienced' && verb !== 'progressed' && verb !== 'completed') return [];
    const extension = ((s.result as Obj | undefined)?.extensions as Obj | undefined)?.[PROGRESS_EXTENSION];
    const read = verb === 'completed' || (typeof extension === 'number' && extension >= 100);
    const at = new Date(String(s.timestamp));
    return [
      {
        userId: String(account.name),
        courseId: target.course,
        releaseId: release,
        moduleId: target.module,
        stepId: target.step,
        firstAt: at,
        lastAt: at,
        readAt: read ? at : null,
      },
    ];
  });
  if (!events.length) return;
  const known = await existingUsers(db, events);
  await upsertStepVisits(
    db,
    events.filter((e) => known.has(e.userId)),
  );
}
