import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../server/src/lib/db/index';

/** The store the suite runs against: PostgreSQL when DATABASE_URL is set, else embedded PGlite in memory. */
export const expectedKind = (): Database['kind'] => (process.env.DATABASE_URL ? 'postgres' : 'pglite');

/**
 * A migrated, empty database for one test file. On PostgreSQL each file gets its own schema,
 * so files run in parallel without seeing each other's rows; the schema is dropped on close.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    await database.migrate();
    return database;
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = await openDatabase({ databaseUrl: url, searchPath: schema });
  await database.migrate();
  return {
    ...database,
    close: async () => {
      await database.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}
