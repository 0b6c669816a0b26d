import { inArray } from 'drizzle-orm';
import { upsertVisits } from '../account/store';
import type { Executor } from '../lib/db';
import { users } from '../lib/db/schema';
import { PROGRESS_EXTENSION, VERBS, parseModuleIri } from './profile';
import type { StatementRow } from './store';

type Obj = Record<string, unknown>;

/**
 * Keeps the progress rows (first opened, last seen, share read, completion per learner, release and
 * module) in step with stored statements, in the same transaction, so reports never rescan the log.
 */
export async function projectProgress(db: Executor, rows: StatementRow[], publicUrl: string): Promise<void> {
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
        completed: verb === 'completed',
      },
    ];
  });
  if (!events.length) return;
  const known = new Set(
    (
      await db
        .select({ id: users.id })
        .from(users)
        .where(
          inArray(
            users.id,
            [...new Set(events.map((e) => e.userId))].filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
          ),
        )
    ).map((u) => u.id),
  );
  await upsertVisits(
    db,
    events
      .filter((e) => known.has(e.userId))
      .map((e) => ({
        userId: e.userId,
        courseId: e.courseId,
        releaseId: e.releaseId,
        moduleId: e.moduleId,
        firstAt: e.at,
        lastAt: e.at,
        progress: e.progress,
        completedAt: e.completed ? e.at : null,
      })),
  );
}
