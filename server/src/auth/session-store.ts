import { eq, lt } from 'drizzle-orm';
import type { Request } from 'express';
import session, { type SessionData } from 'express-session';
import type { Db } from '../lib/db';
import { sessions, users } from '../lib/db/schema';
import type { UserRecord } from './store';

const DAY = 24 * 3600_000;
/**
 * A session's expiry is moved forward at most this often: otherwise every signed-in request would
 * write (and commit) a row only to move a 30-day expiry by a few seconds.
 */
const TOUCH_AFTER_MS = 10 * 60_000;
const REMEMBERED_SESSIONS = 10_000;

/**
 * The account row read together with a session (one query instead of two on every signed-in request),
 * kept for the request that reads it; `null` when the session names no account or one that is gone.
 */
const accountWithSession = new WeakMap<object, UserRecord | null>();
const accountOfRequest = new WeakMap<Request, UserRecord | null>();

/** The account read with this request's session, or `undefined` if the session was not read here. */
export const accountReadWithSession = (req: Request) => accountOfRequest.get(req);

/** express-session's store on our own database, so sessions work on PGlite and PostgreSQL alike. */
export class DbSessionStore extends session.Store {
  private lastSweep = 0;
  /** When each recently seen session's expiry was last written (by this process). */
  private readonly written = new Map<string, number>();
  constructor(private readonly db: Db) {
    super();
  }

  private expiry(data: SessionData): Date {
    return data.cookie?.expires ? new Date(data.cookie.expires) : new Date(Date.now() + DAY);
  }

  private userOf(data: SessionData): string | null {
    const user = (data as { passport?: { user?: unknown } }).passport?.user;
    return typeof user === 'string' ? user : null;
  }

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    this.db
      .select({ session: sessions, account: users })
      .from(sessions)
      .leftJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.sid, sid))
      .then((rows) => {
        const row = rows[0];
        if (!row || row.session.expiresAt <= new Date()) return callback(null, null);
        const data = row.session.data as unknown as SessionData;
        accountWithSession.set(data, row.account);
        callback(null, data);
      }, callback);
  }

  override createSession(req: Request, data: SessionData) {
    const account = accountWithSession.get(data);
    if (account !== undefined) accountOfRequest.set(req, account);
    return super.createSession(req, data);
  }

  override set(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const row = {
      sid,
      data: data as unknown as Record<string, unknown>,
      userId: this.userOf(data),
      expiresAt: this.expiry(data),
    };
    this.remember(sid);
    this.db
      .insert(sessions)
      .values(row)
      .onConflictDoUpdate({
        target: sessions.sid,
        set: { data: row.data, userId: row.userId, expiresAt: row.expiresAt },
      })
      .then(() => this.sweep())
      .then(() => callback?.(), callback);
  }

  override touch(sid: string, data: SessionData, callback?: (err?: unknown) => void): void {
    const last = this.written.get(sid);
    if (last !== undefined && Date.now() - last < TOUCH_AFTER_MS) {
      callback?.();
      return;
    }
    this.remember(sid);
    this.db
      .update(sessions)
      .set({ expiresAt: this.expiry(data) })
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), callback);
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.written.delete(sid);
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => callback?.(), callback);
  }

  private remember(sid: string): void {
    this.written.delete(sid);
    if (this.written.size >= REMEMBERED_SESSIONS) this.written.delete(this.written.keys().next().value!);
    this.written.set(sid, Date.now());
  }

  /** Expired sessions are removed at most once an hour, on a write. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 3600_000) return;
    this.lastSweep = Date.now();
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  }
}
