import { createHash } from 'node:crypto';
import type { Db, Executor } from '../lib/db';
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../lib/errors';
import * as store from './documents-store';
import { learnerAgent, type Principal } from './service';
import { agentKey } from './statement-keys';
import * as statements from './store';
import type { XapiVersion } from './validate';

export class PreconditionFailed extends AppError {
  readonly status = 412;
  readonly code = 'precondition_failed';
}

export interface DocumentBody {
  contentType: string;
  content: Buffer;
}

export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

const etagOf = (content: Buffer) => `"${createHash('sha1').update(content).digest('hex')}"`;

/** State needs the `state` scope, profiles `define`; a learner reaches only documents about themself. */
function authorise(p: Principal, key: store.DocumentKey, write: boolean, publicUrl: string): void {
  if (p.kind === 'credential') {
    const needed = key.kind === 'state' ? 'state' : 'define';
    if (!p.scopes.includes('all') && !p.scopes.includes(needed))
      throw new Forbidden(`This credential has no ${needed} scope.`);
    return;
  }
  const me = agentKey(learnerAgent(publicUrl, p.userId));
  if (key.kind === 'activity-profile' ? write : key.agent !== me)
    throw new Forbidden('A learner may only use documents about themself, and read activity profiles.');
}

function checkPreconditions(existing: store.DocumentRow | undefined, c: Preconditions, requireOne: boolean): void {
  if (
    c.ifMatch &&
    (!existing ||
      (c.ifMatch !== '*' &&
        !c.ifMatch
          .split(',')
          .map((s) => s.trim())
          .includes(existing.etag)))
  )
    throw new PreconditionFailed('If-Match does not match the current document: fetch it again and retry.');
  if (c.ifNoneMatch === '*' && existing)
    throw new PreconditionFailed('If-None-Match: * but the document already exists.');
  if (requireOne && existing && !c.ifMatch && !c.ifNoneMatch)
    throw new Conflict(
      'This document exists: send If-Match with its ETag (or If-None-Match: *) to say which version you change.',
    );
}

function asJsonObject(doc: DocumentBody): Record<string, unknown> | undefined {
  if (!/^application\/json\b/.test(doc.contentType)) return undefined;
  try {
    const value: unknown = JSON.parse(doc.content.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function getDocument(db: Db, p: Principal, publicUrl: string, key: store.DocumentKey, docId: string) {
  authorise(p, key, false, publicUrl);
  const doc = await store.findDocument(db, key, docId);
  if (!doc) throw new NotFound(`There is no document "${docId}".`);
  return doc;
}

export async function listDocumentIds(db: Db, p: Principal, publicUrl: string, key: store.DocumentKey, since?: Date) {
  authorise(p, key, false, publicUrl);
  return store.listDocumentIds(db, key, since);
}

/**
 * PUT replaces a document; POST merges a JSON object into a JSON object (top-level keys win).
 * Profiles that exist need If-Match or If-None-Match on PUT, so two tools never overwrite each other.
 */
export async function saveDocument(
  db: Db,
  p: Principal,
  publicUrl: string,
  key: store.DocumentKey,
  docId: string,
  body: DocumentBody,
  conditions: Preconditions,
  merge: boolean,
  version: XapiVersion = '1.0.3',
): Promise<string> {
  authorise(p, key, true, publicUrl);
  return db.transaction(async (tx) => {
    const existing = await store.findDocument(tx, key, docId, true);
    // Profiles always, and under xAPI 2.0 State documents too (2.0 extends concurrency control to State).
    checkPreconditions(existing, conditions, !merge && (key.kind !== 'state' || version === '2.0.0'));
    let doc = body;
    if (merge && existing) {
      const before = asJsonObject(existing);
      const incoming = asJsonObject(body);
      if (!before || !incoming)
        throw new Invalid('POST merges JSON objects only: both the stored and the sent document must be JSON objects.');
      doc = { contentType: 'application/json', content: Buffer.from(JSON.stringify({ ...before, ...incoming })) };
    } else if (merge && !asJsonObject(body)) {
      throw new Invalid('POST takes a JSON object (Content-Type: application/json); use PUT for other documents.');
    }
    const etag = etagOf(doc.content);
    await store.saveDocument(tx, {
      ...key,
      docId,
      contentType: doc.contentType,
      content: doc.content,
      etag,
      updated: new Date(),
    });
    return etag;
  });
}

export async function deleteDocuments(
  db: Db,
  p: Principal,
  publicUrl: string,
  key: store.DocumentKey,
  docId: string | undefined,
  conditions: Preconditions,
) {
  authorise(p, key, true, publicUrl);
  if (docId) checkPreconditions(await store.findDocument(db, key, docId), conditions, false);
  await store.deleteDocuments(db, key, docId);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const LANGUAGE_MAPS = ['name', 'description'];

/**
 * The Activity as the LRS knows it (Communication 2.5): the newest definition, with the language
 * maps of every statement that defined it merged in (for each language the newest text wins), and the
 * interaction components taken from the newest definition that has them.
 */
export async function activityDefinition(db: Db, activityId: string): Promise<Obj> {
  const definitions = await statements.activityDefinitions(db, activityId);
  if (definitions.length === 0) return { objectType: 'Activity', id: activityId };
  const merged: Obj = {};
  // Oldest first, so that newer statements overwrite older ones.
  for (const definition of definitions.reverse()) {
    if (!isObj(definition)) continue;
    for (const [k, v] of Object.entries(definition)) {
      if (LANGUAGE_MAPS.includes(k) && isObj(v)) merged[k] = { ...(isObj(merged[k]) ? merged[k] : {}), ...v };
      else if (k === 'extensions' && isObj(v)) merged[k] = { ...(isObj(merged[k]) ? merged[k] : {}), ...v };
      else merged[k] = v;
    }
  }
  return { objectType: 'Activity', id: activityId, definition: merged };
}

/** A learner's State and Agent Profile documents, for their data download. */
export async function learnerDocuments(db: Executor, publicUrl: string, userId: string) {
  const rows = await store.documentsOfAgent(db, agentKey(learnerAgent(publicUrl, userId)));
  return rows.map((d) => ({
    kind: d.kind,
    activityId: d.activityId || undefined,
    registration: d.registration || undefined,
    id: d.docId,
    contentType: d.contentType,
    content: /json|^text\//.test(d.contentType)
      ? Buffer.from(d.content).toString('utf8')
      : Buffer.from(d.content).toString('base64'),
    encoding: /json|^text\//.test(d.contentType) ? 'utf8' : 'base64',
    updated: d.updated,
  }));
}

/** On erasure of a learner's account: their State and Agent Profile documents go. */
export async function eraseLearnerDocuments(db: Executor, publicUrl: string, userId: string): Promise<void> {
  await store.deleteDocumentsOfAgent(db, agentKey(learnerAgent(publicUrl, userId)));
}
