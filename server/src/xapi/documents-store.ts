import { and, eq, gt, type SQL } from 'drizzle-orm';
import type { Executor } from '../lib/db';
import { xapiDocuments } from '../lib/db/schema';

export type DocumentRow = typeof xapiDocuments.$inferSelect;
export type DocumentKey = Pick<DocumentRow, 'kind' | 'activityId' | 'agent' | 'registration'>;

const scope = (k: DocumentKey): SQL[] => [
  eq(xapiDocuments.kind, k.kind),
  eq(xapiDocuments.activityId, k.activityId),
  eq(xapiDocuments.agent, k.agent),
  eq(xapiDocuments.registration, k.registration),
];

export async function findDocument(db: Executor, k: DocumentKey, docId: string, lock = false) {
  const query = db
    .select()
    .from(xapiDocuments)
    .where(and(...scope(k), eq(xapiDocuments.docId, docId)));
  // Locked inside a write, so two writers holding the same ETag cannot both pass If-Match.
  return (await (lock ? query.for('update') : query))[0];
}

/** Inserts only when absent (If-None-Match: *); false when another writer got there first. */
export async function insertDocumentIfAbsent(db: Executor, row: DocumentRow): Promise<boolean> {
  return (await db.insert(xapiDocuments).values(row).onConflictDoNothing().returning()).length > 0;
}

export async function listDocumentIds(db: Executor, k: DocumentKey, since?: Date) {
  const rows = await db
    .select({ docId: xapiDocuments.docId })
    .from(xapiDocuments)
    .where(and(...scope(k), ...(since ? [gt(xapiDocuments.updated, since)] : [])))
    .orderBy(xapiDocuments.docId);
  return rows.map((r) => r.docId);
}

export async function saveDocument(db: Executor, row: DocumentRow): Promise<void> {
  const { kind: _k, activityId: _a, agent: _g, registration: _r, docId: _d, ...changes } = row;
  await db
    .insert(xapiDocuments)
    .values(row)
    .onConflictDoUpdate({
      target: [
        xapiDocuments.kind,
        xapiDocuments.activityId,
        xapiDocuments.agent,
        xapiDocuments.registration,
        xapiDocuments.docId,
      ],
      set: changes,
    });
}

export async function deleteDocuments(db: Executor, k: DocumentKey, docId?: string): Promise<void> {
  await db.delete(xapiDocuments).where(and(...scope(k), ...(docId ? [eq(xapiDocuments.docId, docId)] : [])));
}

/** Every document (State, Agent Profile) about one agent, by its agent key. */
export async function documentsOfAgent(db: Executor, agent: string) {
  return db.select().from(xapiDocuments).where(eq(xapiDocuments.agent, agent)).orderBy(xapiDocuments.docId);
}

export async function deleteDocumentsOfAgent(db: Executor, agent: string): Promise<void> {
  await db.delete(xapiDocuments).where(eq(xapiDocuments.agent, agent));
}
