import { inArray } from 'drizzle-orm';
import { upsertStepVisits, upsertVisits } from '../account/store';
import type { Executor } from '../lib/db';
import { users } from '../lib/db/schema';
import { PROGRESS_EXTENSION, VERBS, parseModuleIri, parseStepIri } from '../xapi/profile';
import type { XapiDeps } from '../xapi/service';
import type { StatementRow } from '../xapi/store';

type Obj = Record<string, unknown>;

export interface ModuleRead {
  userId: string;
  courseId: string;
  releaseId: string;
  moduleId: string;
}

/**
 * Keeps the progress rows (first opened, last seen, share read, read to the end, per learner, release
 * and module) in step with stored statements, in the same transaction, so reports never rescan the
 * log. Modules read to the end are handed to `deps.onModulesRead`, which decides completion.
 */
export async function projectProgress(db: Executor, rows: StatementRow[], deps: XapiDeps): Promise<void> {
  await projectStepProgress(db, rows, deps.publicUrl);
  const { publicUrl } = deps;
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
  if (read.length && deps.onModulesRead) await deps.onModulesRead(db, read);
}

/** The ids among the events' account names that are Atrium accounts (names of other systems' agents are not). */
async function existingUsers(db: Executor, events: { userId: string }[]): Promise<Set<string>> {
  const ids = [...new Set(events.map((e) => e.userId))].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
  return new Set(rows.map((u) => u.id));
}

/** Step rows (opened, last seen, read to the end) from statements about steps; reports drill into them. */
async function projectStepProgress(db: Executor, rows: StatementRow[], publicUrl: string): Promise<void> {
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
