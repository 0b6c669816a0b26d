import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../lib/db';
import type { LrsScope } from '../lib/db/schema';
import { Conflict, Forbidden, Invalid, NotFound, Unauthenticated } from '../lib/errors';
import type { Executor } from '../lib/db';
import * as outbox from './outbox-store';
import { projectProgress, type ModuleRead } from './projection';
import { agentKey, contentHash, statementKeys } from './statement-keys';
import * as store from './store';
import { validateStatement } from './validate';

type Obj = Record<string, unknown>;
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

export type Principal =
  { kind: 'credential'; key: string; label: string; scopes: LrsScope[] } | { kind: 'learner'; userId: string };

export interface XapiDeps {
  db: Db;
  publicUrl: string;
  /** Stored statements also go to the outbox for the external LRS. */
  forwarding?: boolean;
  /** Called in the storing transaction with modules a learner has just read to the end. */
  onModulesRead?: (tx: Executor, reads: ModuleRead[]) => Promise<void>;
}

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

const can = (p: Principal, ...scopes: LrsScope[]) =>
  p.kind === 'credential' && (p.scopes.includes('all') || scopes.some((s) => p.scopes.includes(s)));

function authorityOf(deps: XapiDeps, p: Principal): { agent: Obj; key: string } {
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

/**
 * Stores one statement or a batch, all or nothing. A statement id already stored with the same content
 * is accepted again (no duplicate); with other content the whole request is refused with 409.
 */
export async function storeStatements(
  deps: XapiDeps,
  principal: Principal,
  input: unknown,
  version: string,
  fixedId?: string,
  /** A transaction the caller already holds (e.g. enrolment with its `registered` statement). */
  within?: Executor,
): Promise<string[]> {
  if (principal.kind === 'credential' && !can(principal, 'statements/write'))
    throw new Forbidden('This credential has no statements/write scope.');
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) throw new Invalid('The request holds no statement.');
  const problems = list.flatMap((s, i) =>
    validateStatement(s, Array.isArray(input) ? `statements[${i}]` : 'statement'),
  );
  if (problems.length) throw new Invalid(problems.slice(0, 20).join('; '), { problems });

  const statements = (list as Obj[]).map((s) => ({ ...s }));
  if (fixedId) {
    if (statements[0].id !== undefined && statements[0].id !== fixedId)
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
  const stored = new Date();
  const write = async (tx: Executor) => {
    const existing = new Map((await store.findByIds(tx, ids)).map((r) => [r.id, r.contentHash]));
    const rows: store.StatementRow[] = [];
    for (const s of statements) {
      const hash = contentHash(s);
      const before = existing.get(s.id as string);
      if (before && before !== hash)
        throw new Conflict(`Statement ${String(s.id)} is already stored with other content; statements never change.`);
      if (before) continue;
      const full: Obj = {
        ...s,
        timestamp: s.timestamp ?? stored.toISOString(),
        stored: stored.toISOString(),
        authority: authority.agent,
        version: s.version ?? version,
      };
      rows.push({
        id: s.id as string,
        statement: full,
        contentHash: hash,
        ...statementKeys(full),
        authorityKey: authority.key,
        stored,
      });
    }
    await store.insertStatements(tx, rows);
    await store.markVoided(
      tx,
      rows.filter((r) => r.verbId === VOIDED).map((r) => String((r.statement.object as Obj).id).toLowerCase()),
    );
    await projectProgress(tx, rows, deps);
    if (deps.forwarding)
      await outbox.enqueue(
        tx,
        rows.map((r) => r.id),
      );
    return ids;
  };
  return within ? write(within) : deps.db.transaction(write);
}

/** Who may read what: all (statements/read), their own authority's (…/mine), or a learner their own. */
function readScope(deps: XapiDeps, p: Principal): Pick<store.StatementFilter, 'authorityKey' | 'actor'> {
  if (p.kind === 'learner') return { actor: agentKey(learnerAgent(deps.publicUrl, p.userId)) };
  if (can(p, 'statements/read')) return {};
  if (can(p, 'statements/read/mine')) return { authorityKey: `cred:${p.key}` };
  throw new Forbidden('This credential has no statements/read or statements/read/mine scope.');
}

export async function getStatement(deps: XapiDeps, p: Principal, id: string, voided: boolean): Promise<Obj> {
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

export type QueryInput = Omit<store.StatementFilter, 'authorityKey' | 'actor' | 'through'> & { through?: number };

export async function queryStatements(deps: XapiDeps, p: Principal, input: QueryInput) {
  const scope = readScope(deps, p);
  const through = input.through ?? (await store.maxSeq(deps.db));
  const rows = await store.queryStatements(deps.db, { ...input, ...scope, through });
  const page = rows.slice(0, input.limit);
  return {
    statements: page.map((r) => r.statement),
    nextAfter: rows.length > input.limit ? page.at(-1)!.seq : undefined,
    through,
  };
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

/** Checks HTTP Basic credentials; a wrong or revoked one is refused without telling which. */
export async function authenticateCredential(db: Db, key: string, secret: string): Promise<Principal> {
  const row = await store.findCredential(db, key);
  const ok = row && !row.revokedAt && timingSafeEqual(Buffer.from(row.secretHash, 'hex'), hashSecret(secret));
  if (!ok) throw new Unauthenticated('The LRS credentials are not valid.');
  return { kind: 'credential', key: row.key, label: row.label, scopes: row.scopes };
}

export async function createCredential(db: Db, label: string, scopes: LrsScope[]) {
  const key = randomBytes(12).toString('base64url');
  const secret = randomBytes(24).toString('base64url');
  await store.insertCredential(db, { key, secretHash: hashSecret(secret).toString('hex'), label, scopes });
  return { key, secret, label, scopes };
}

export const listCredentials = (db: Db) => store.listCredentials(db);

export async function revokeCredential(db: Db, key: string): Promise<void> {
  if (!(await store.revokeCredential(db, key))) throw new NotFound(`There is no LRS credential ${key}.`);
}
