import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../lib/db';
import type { LrsScope } from '../lib/db/schema';
import { Conflict, Forbidden, Invalid, NotFound, Unauthenticated } from '../lib/errors';
import type { Executor } from '../lib/db';
import { notify } from '../lib/db';
import * as outbox from './outbox-store';
import { agentKey, contentHash, statementKeys } from './statement-keys';
import * as store from './store';
import { attachmentProblems, type AttachmentBody } from './attachments';
import { signatureProblems } from './signature';
import { inUtc, validateStatement, type XapiVersion } from './validate';
import { WriteQueue, type Job } from './write-queue';

type Obj = Record<string, unknown>;
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

export type Principal =
  { kind: 'credential'; key: string; label: string; scopes: LrsScope[] } | { kind: 'learner'; userId: string };

/** Atrium itself, writing a statement it decided (completion, a checked answer, an enrolment). */
export type Writer = Principal | { kind: 'platform' };

/** A statement as stored, with the keys it is found by: what projectors receive. */
export type StoredStatement = store.StatementRow;

/** The state of one LRS (see lrs.ts): where it stores, its write queue and its credential cache. */
export interface LrsContext {
  db: Db;
  publicUrl: string;
  /** Stored statements also go to the outbox for the external LRS. */
  forwarding: boolean;
  /** Runs the registered projectors in the storing transaction. */
  project(tx: Executor, statements: StoredStatement[]): Promise<void>;
  writes: WriteQueue<string[], WriteJob>;
  credentials: Map<string, { principal: Principal; until: number }>;
}

export function createContext(options: Omit<LrsContext, 'writes' | 'credentials'>): LrsContext {
  const context: LrsContext = {
    ...options,
    writes: new WriteQueue({ flush: (jobs) => flush(context, jobs) }),
    credentials: new Map(),
  };
  return context;
}

/** The authority key of statements the platform decided; projectors leave them out (they are outcomes). */
export const isPlatformStatement = (row: StoredStatement) => row.authorityKey === 'platform';

/** A statement the platform makes now, with a fresh id and the time it happened. */
export const newStatement = <T extends object>(statement: T, at = new Date()) => ({
  id: randomUUID(),
  timestamp: at.toISOString(),
  ...statement,
});

/** The learner as an xAPI actor: an account on this platform, never an email (DESIGN §5). */
export const learnerAgent = (publicUrl: string, userId: string) => ({
  objectType: 'Agent',
  account: { homePage: publicUrl, name: userId },
});

/**
 * The authority of statements the platform decides: an Agent for Atrium itself, so that a reader of
 * the LRS can tell them from what a learner or a tool asserted.
 */
export const platformAgent = (publicUrl: string) => ({
  objectType: 'Agent',
  name: 'atrium',
  account: { homePage: publicUrl, name: 'atrium' },
});

const can = (p: Writer, ...scopes: LrsScope[]) =>
  p.kind === 'credential' && (p.scopes.includes('all') || scopes.some((s) => p.scopes.includes(s)));

function authorityOf(deps: LrsContext, p: Writer): { agent: Obj; key: string } {
  if (p.kind === 'platform') return { agent: platformAgent(deps.publicUrl), key: 'platform' };
  if (p.kind === 'learner') return { agent: learnerAgent(deps.publicUrl, p.userId), key: `user:${p.userId}` };
  return {
    agent: {
      objectType: 'Agent',
      name: p.label,
      account: { homePage: `${deps.publicUrl}/xapi/credentials`, name: p.key },
    },
    key: `cred:${p.key}`,
  };
}

/** A copy whose contextActivities are all arrays: a single Activity sent as an object becomes a list of one. */
function withContextArrays(statement: Obj): Obj {
  const out = { ...statement };
  const context = out.context as Obj | undefined;
  const activities = context?.contextActivities as Obj | undefined;
  if (activities && Object.values(activities).some((v) => !Array.isArray(v)))
    out.context = {
      ...context,
      contextActivities: Object.fromEntries(
        Object.entries(activities).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
      ),
    };
  const object = out.object as Obj;
  if (object.objectType === 'SubStatement') out.object = withContextArrays(object);
  return out;
}

/** What a request sends besides the statements, and where the write happens. */
export interface StoreOptions {
  /** The statementId parameter of PUT. */
  fixedId?: string;
  /** Attachment bodies from a multipart/mixed request. */
  parts?: AttachmentBody[];
  /**
   * A transaction the caller already holds (e.g. enrolment with its `registered` statement), for
   * statements the platform has just made with fresh ids: they are written without looking their ids
   * up, and one already stored fails the caller's transaction (409).
   */
  within?: Executor;
}

interface Prepared {
  statements: Obj[];
  ids: string[];
  parts: AttachmentBody[];
  authority: { agent: Obj; key: string };
  version: string;
}

/**
 * Stores one statement or a batch, all or nothing. A statement id already stored with the same content
 * is accepted again (no duplicate); with other content the whole request is refused with 409.
 */
export async function storeStatements(
  deps: LrsContext,
  principal: Writer,
  input: unknown,
  version: XapiVersion,
  options: StoreOptions = {},
): Promise<string[]> {
  const prepared = await prepare(deps, principal, input, version, options);
  if (options.within) {
    await persist(deps, options.within, [prepared], [buildRows(prepared, new Map(), new Date())]);
    return prepared.ids;
  }
  return deps.writes.submit((resolve, reject) => ({ prepared, size: prepared.ids.length, resolve, reject }));
}

async function prepare(
  deps: LrsContext,
  principal: Writer,
  input: unknown,
  version: XapiVersion,
  { fixedId, parts = [] }: StoreOptions,
): Promise<Prepared> {
  if (principal.kind === 'credential' && !can(principal, 'statements/write'))
    throw new Forbidden('This credential has no statements/write scope.');
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) throw new Invalid('The request holds no statement.');
  const pathOf = (i: number) => (Array.isArray(input) ? `statements[${i}]` : 'statement');
  const problems = list.flatMap((s, i) => validateStatement(s, pathOf(i), version));
  if (problems.length) throw new Invalid(problems.slice(0, 20).join('; '), { problems });

  const statements = (list as Obj[]).map(withContextArrays);
  const attachmentIssues = attachmentProblems(
    statements.map((statement, i) => ({ statement, path: pathOf(i) })),
    parts,
  );
  if (attachmentIssues.length) throw new Invalid(attachmentIssues.slice(0, 20).join('; '));
  const bodies = new Map(parts.map((p) => [p.sha2, p.content]));
  const signatureIssues = (await Promise.all(statements.map((s, i) => signatureProblems(s, bodies, pathOf(i))))).flat();
  if (signatureIssues.length) throw new Invalid(signatureIssues.slice(0, 20).join('; '));

  if (fixedId) {
    if (statements[0].id !== undefined && String(statements[0].id).toLowerCase() !== fixedId)
      throw new Invalid('statement.id must equal the statementId parameter.');
    statements[0].id = fixedId;
  }
  for (const s of statements) s.id = (s.id as string | undefined)?.toLowerCase() ?? randomUUID();
  const ids = statements.map((s) => s.id as string);
  if (new Set(ids).size !== ids.length) throw new Invalid('The batch holds the same statement id twice.');

  if (principal.kind === 'learner') {
    const me = agentKey(learnerAgent(deps.publicUrl, principal.userId));
    const other = statements.find((s) => agentKey(s.actor as Obj) !== me);
    if (other)
      throw new Forbidden(
        `Statement ${String(other.id)}: a learner may only record statements whose actor is themself.`,
      );
  }
  const authority = authorityOf(deps, principal);
  await checkVoiding(deps, principal, statements, authority.key);
  return { statements, ids, parts, authority, version };
}

/**
 * Who may void what: a learner only statements about themself that they asserted; a credential only
 * statements it stored, unless it has the `all` scope. A target not stored (yet) may be voided, as the
 * specification asks; the lookup happens only for requests that void something.
 */
async function checkVoiding(deps: LrsContext, principal: Writer, statements: Obj[], authorityKey: string) {
  // Atrium itself never voids; should it, it answers for what it does.
  if (principal.kind === 'platform') return;
  const targets = statements
    .filter((s) => (s.verb as Obj).id === VOIDED)
    .map((s) => String((s.object as Obj).id).toLowerCase());
  if (targets.length === 0 || can(principal, 'all')) return;
  const me = principal.kind === 'learner' ? agentKey(learnerAgent(deps.publicUrl, principal.userId)) : undefined;
  for (const row of await store.findOwners(deps.db, targets)) {
    if (row.authorityKey === authorityKey && (!me || row.actor === me)) continue;
    throw new Forbidden(
      principal.kind === 'learner'
        ? `Statement ${row.id} may not be voided here: a learner may void only statements about themself that they recorded.`
        : `Statement ${row.id} may not be voided with this credential: it was stored by another one (voiding others' statements needs the all scope).`,
    );
  }
}

/** A SubStatement's timestamp in UTC, as the statement's own. */
function utcTimes(s: Obj): Obj {
  const o = s.object as Obj | undefined;
  if (o?.objectType !== 'SubStatement' || typeof o.timestamp !== 'string') return {};
  return { object: { ...o, timestamp: inUtc(o.timestamp) } };
}

/** The rows to insert; a statement already stored is skipped when equal and refused (409) when not. */
function buildRows(p: Prepared, existing: Map<string, string>, stored: Date): store.StatementRow[] {
  const rows: store.StatementRow[] = [];
  for (const s of p.statements) {
    const hash = contentHash(s);
    const before = existing.get(s.id as string);
    if (before && before !== hash)
      throw new Conflict(`Statement ${String(s.id)} is already stored with other content; statements never change.`);
    if (before) continue;
    const full: Obj = {
      ...s,
      ...utcTimes(s),
      timestamp: typeof s.timestamp === 'string' ? inUtc(s.timestamp) : stored.toISOString(),
      stored: stored.toISOString(),
      authority: p.authority.agent,
      version: s.version ?? p.version,
    };
    rows.push({
      id: s.id as string,
      statement: full,
      contentHash: hash,
      ...statementKeys(full),
      authorityKey: p.authority.key,
      stored,
    });
  }
  return rows;
}

/** Writes the rows of one or more requests, with their attachments, voiding, progress and outbox. */
async function persist(deps: LrsContext, tx: Executor, jobs: Prepared[], rowsOfJobs: store.StatementRow[][]) {
  const rows = rowsOfJobs.flat();
  if ((await store.insertNewStatements(tx, rows)) < rows.length) throw new StoredMeanwhile();
  const stored = new Set(
    rows.flatMap((r) =>
      ((r.statement.attachments as Obj[] | undefined) ?? []).map((a) => String(a.sha2).toLowerCase()),
    ),
  );
  await store.insertAttachments(
    tx,
    jobs
      .flatMap((j) => j.parts)
      .filter((p) => stored.has(p.sha2))
      .map((p) => ({ sha2: p.sha2, contentType: p.contentType, length: p.content.length, content: p.content })),
  );
  await store.markVoided(
    tx,
    rows.filter((r) => r.verbId === VOIDED).map((r) => String((r.statement.object as Obj).id).toLowerCase()),
  );
  await deps.project(tx, rows);
  if (deps.forwarding)
    await outbox.enqueue(
      tx,
      rows.map((r) => r.id),
    );
}

/** Some statement ids of a write were already stored: the write is undone and done again checking each id. */
class StoredMeanwhile extends Conflict {
  constructor() {
    super('A statement of this request was being stored by another request at the same time: send it again.');
  }
}

interface WriteJob extends Job<string[]> {
  prepared: Prepared;
}

/**
 * One group of requests in one transaction. Statements are nearly always new, so the group is first
 * written without looking anything up. If some were stored already (a re-post, or a conflicting id),
 * it is written again checking each id: a request whose statement conflicts with a stored one (or with
 * an earlier request of the group) gets its 409 alone, and identical re-posts are skipped. If that
 * transaction fails as a whole, each request is written again on its own.
 */
async function flush(deps: LrsContext, jobs: WriteJob[]): Promise<void> {
  try {
    await deps.db.transaction(async (tx) => {
      const stored = new Date();
      const none = new Map<string, string>();
      await persist(
        deps,
        tx,
        jobs.map((j) => j.prepared),
        jobs.map((j) => buildRows(j.prepared, none, stored)),
      );
    });
    for (const job of jobs) job.resolve(job.prepared.ids);
  } catch {
    await flushChecked(deps, jobs);
  }
}

async function flushChecked(deps: LrsContext, jobs: WriteJob[]): Promise<void> {
  const outcomes = new Map<WriteJob, unknown>();
  try {
    await deps.db.transaction(async (tx) => {
      outcomes.clear();
      const ids = [...new Set(jobs.flatMap((j) => j.prepared.ids))];
      const existing = new Map((await store.findByIds(tx, ids)).map((r) => [r.id, r.contentHash]));
      const stored = new Date();
      const written: WriteJob[] = [];
      const rows: store.StatementRow[][] = [];
      for (const job of jobs) {
        try {
          const jobRows = buildRows(job.prepared, existing, stored);
          for (const r of jobRows) existing.set(r.id, r.contentHash);
          written.push(job);
          rows.push(jobRows);
        } catch (err) {
          outcomes.set(job, err);
        }
      }
      await persist(
        deps,
        tx,
        written.map((j) => j.prepared),
        rows,
      );
    });
  } catch (err) {
    if (jobs.length === 1) return jobs[0].reject(err);
    for (const job of jobs) await flushChecked(deps, [job]);
    return;
  }
  for (const job of jobs)
    if (outcomes.has(job)) job.reject(outcomes.get(job));
    else job.resolve(job.prepared.ids);
}

/** Who may read what: all (statements/read), their own authority's (…/mine), or a learner their own. */
function readScope(deps: LrsContext, p: Principal): Pick<store.StatementFilter, 'authorityKey' | 'actor'> {
  if (p.kind === 'learner') return { actor: agentKey(learnerAgent(deps.publicUrl, p.userId)) };
  if (can(p, 'statements/read')) return {};
  if (can(p, 'statements/read/mine')) return { authorityKey: `cred:${p.key}` };
  throw new Forbidden('This credential has no statements/read or statements/read/mine scope.');
}

export async function getStatement(deps: LrsContext, p: Principal, id: string, voided: boolean): Promise<Obj> {
  const scope = readScope(deps, p);
  const row = await store.findStatement(deps.db, id.toLowerCase());
  const visible =
    row &&
    row.voided === voided &&
    (!scope.actor || row.actor === scope.actor) &&
    (!scope.authorityKey || row.authorityKey === scope.authorityKey);
  if (!visible)
    throw new NotFound(
      voided
        ? `There is no voided statement ${id}.`
        : `There is no statement ${id}${row?.voided ? ' (it was voided: ask with voidedStatementId)' : ''}.`,
    );
  return row.statement;
}

export type QueryInput = Omit<store.StatementFilter, 'authorityKey' | 'actor'>;

/** A page of statements as stored JSON text, with the cursor of the next page and the snapshot it reads. */
export async function queryStatements(deps: LrsContext, p: Principal, input: QueryInput) {
  const scope = readScope(deps, p);
  const { rows, maxSeq } = await store.queryStatements(deps.db, { ...input, ...scope });
  const page = rows.slice(0, input.limit);
  return {
    statements: page.map((r) => r.statement),
    nextAfter: rows.length > input.limit ? page.at(-1)!.seq : undefined,
    through: input.through ?? maxSeq ?? 0,
  };
}

/** The stored bodies of the attachments of these statements (those sent as parts, not by fileUrl). */
export async function attachmentsOf(deps: LrsContext, statements: Obj[]): Promise<AttachmentBody[]> {
  const sha2s = new Set(
    statements.flatMap((s) =>
      Array.isArray(s.attachments) ? (s.attachments as Obj[]).map((a) => String(a.sha2).toLowerCase()) : [],
    ),
  );
  return store.findAttachments(deps.db, [...sha2s]);
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

/**
 * Credentials checked in the last 30 seconds are kept (in the LRS's cache, by a hash of key and secret),
 * so that a tool sending many requests costs one lookup every 30 s instead of one per request.
 */
const CREDENTIAL_TTL_MS = 30_000;
const MAX_CACHED = 10_000;

/** Checks HTTP Basic credentials; a wrong or revoked one is refused without telling which. */
export async function authenticateCredential(deps: LrsContext, key: string, secret: string): Promise<Principal> {
  const cache = deps.credentials;
  const id = createHash('sha256').update(`${key}:${secret}`).digest('base64');
  const hit = cache.get(id);
  if (hit && hit.until > Date.now()) return hit.principal;
  cache.delete(id);
  const row = await store.findCredential(deps.db, key);
  const ok = row && !row.revokedAt && timingSafeEqual(Buffer.from(row.secretHash, 'hex'), hashSecret(secret));
  if (!ok) throw new Unauthenticated('The LRS credentials are not valid.');
  const principal: Principal = { kind: 'credential', key: row.key, label: row.label, scopes: row.scopes };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(id, { principal, until: Date.now() + CREDENTIAL_TTL_MS });
  return principal;
}

export async function createCredential(db: Db, label: string, scopes: LrsScope[]) {
  const key = randomBytes(12).toString('base64url');
  const secret = randomBytes(24).toString('base64url');
  await store.insertCredential(db, { key, secretHash: hashSecret(secret).toString('hex'), label, scopes });
  return { key, secret, label, scopes };
}

export const listCredentials = (db: Db) => store.listCredentials(db);

export const CREDENTIAL_REVOKED_CHANNEL = 'atrium_credential_revoked';

export function forgetCredential(deps: LrsContext, key: string): void {
  for (const [id, entry] of deps.credentials)
    if (entry.principal.kind === 'credential' && entry.principal.key === key) deps.credentials.delete(id);
}

/** Revokes a key and announces it (NOTIFY on PostgreSQL), so that every server forgets it at once. */
export async function revokeCredential(db: Db, key: string): Promise<void> {
  if (!(await store.revokeCredential(db, key))) throw new NotFound(`There is no LRS credential ${key}.`);
  await notify(db, CREDENTIAL_REVOKED_CHANNEL, key);
}
