import { eq } from 'drizzle-orm';
import type { SessionData } from 'express-session';
import { DbSessionStore } from '../../server/src/auth/session-store';
import type { Database } from '../../server/src/lib/db';
import { sessions } from '../../server/src/lib/db/schema';
import { openTestDatabase } from '../support/database';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const data = (expires: Date) => ({ cookie: { expires, originalMaxAge: 30 * 86_400_000 } }) as unknown as SessionData;
const call = (fn: (done: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));
const expiryOf = async (sid: string) =>
  (await database.db.select().from(sessions).where(eq(sessions.sid, sid)))[0]?.expiresAt;

describe('the session store', () => {
  it('moves a session’s expiry forward at most every few minutes, not on every request', async () => {
    const store = new DbSessionStore(database.db);
    const first = new Date(Date.now() + 30 * 86_400_000);
    await call((done) => store.set('sid-touch', data(first), done));
    expect((await expiryOf('sid-touch'))?.getTime()).toBe(first.getTime());
    // A request a moment later: the cookie's expiry moves by seconds; the row is not written again.
    await call((done) => store.touch('sid-touch', data(new Date(first.getTime() + 5_000)), done));
    expect((await expiryOf('sid-touch'))?.getTime()).toBe(first.getTime());
  });

  it('writes the expiry of a session it has not written itself (another replica made it)', async () => {
    const maker = new DbSessionStore(database.db);
    const other = new DbSessionStore(database.db);
    const first = new Date(Date.now() + 86_400_000);
    await call((done) => maker.set('sid-other', data(first), done));
    const later = new Date(first.getTime() + 29 * 86_400_000);
    await call((done) => other.touch('sid-other', data(later), done));
    expect((await expiryOf('sid-other'))?.getTime()).toBe(later.getTime());
  });
});
