import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../lib/db';
import { settings } from '../lib/db/schema';

/**
 * The session secret: SESSION_SECRET when set; otherwise one made on first start and kept in the
 * database, so that it needs no configuration and every replica signs cookies alike.
 */
export async function sessionSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db
    .insert(settings)
    .values({ key: 'session_secret', value: randomBytes(48).toString('base64url') })
    .onConflictDoNothing();
  return (await db.select().from(settings).where(eq(settings.key, 'session_secret')))[0].value;
}
