import { createHash } from 'node:crypto';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../paths';
import { openPgliteClient } from './pglite';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Stores take either the database or a transaction, so a service decides where a transaction starts. */
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL's connection pool, for its figures (metrics); absent on PGlite. */
  pool?: pg.Pool;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /**
   * Calls `onMessage` with the payload of every NOTIFY on `channel`, from any process using this
   * database. On PostgreSQL a connection of its own listens; when it is lost it is opened again, and
   * `onGap` is called, since notifications sent meanwhile are lost. Returns a function that stops.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  /**
   * Runs `fn` while holding a lock named `name` across every process on this database (a PostgreSQL
   * advisory lock; PGlite has one process), so replicas starting together take turns at start-up work.
   */
  exclusively<T>(name: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a PostgreSQL server; undefined for the embedded database. */
  databaseUrl?: string;
  /** Folder of the embedded database; 'memory://' keeps it in memory (tests). */
  pgliteDir?: string;
  /** Tests isolate themselves in their own schema of a shared PostgreSQL database. */
  searchPath?: string;
}

const dialect = new PgDialect();

/**
 * Rows of a raw query, alike on PGlite and node-postgres. A hot query of a fixed shape may be
 * `prepared`: PostgreSQL then parses it once per connection instead of at every call (a named
 * statement, named after its text). Not for queries whose text varies without bound, such as a list
 * of values spelled out one parameter each: every connection would keep each variant.
 */
export async function rows<T>(db: Executor, query: SQL, options: { prepared?: boolean } = {}): Promise<T[]> {
  if (!options.prepared) return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `atrium_${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
  const result = await db._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute();
  return (result as { rows: T[] }).rows;
}

export { MIGRATIONS_DIR };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.searchPath);
  return openPglite(options.pgliteDir ?? 'memory://');
}

async function openPglite(dir: string): Promise<Database> {
  const client = await openPgliteClient(dir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    ping: async () => void (await client.query('select 1')),
    listen: async (channel, onMessage) => client.listen(channel, onMessage).then((stop) => stop),
    exclusively: (_name, fn) => fn(),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, searchPath?: string): Promise<Database> {
  // Named (prepared) queries are planned for their values every time, as unnamed ones are: a plan made
  // once for any value would serve a rare activity and one in every statement alike, and one of them badly.
  const settings = ['-c plan_cache_mode=force_custom_plan', ...(searchPath ? [`-c search_path=${searchPath}`] : [])];
  const pool = new pg.Pool({ connectionString: url, max: 10, options: settings.join(' ') });
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const listeners = new Set<() => Promise<void>>();
  const exclusively = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    // A session-level advisory lock, on a connection held for the whole run, keyed by name and schema.
    const lock = await pool.connect();
    const key = `atrium ${name} ${searchPath ?? 'public'}`;
    try {
      await lock.query('select pg_advisory_lock(hashtext($1))', [key]);
      return await fn();
    } finally {
      await lock.query('select pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      lock.release();
    }
  };
  return {
    db,
    kind: 'postgres',
    pool,
    // Replicas starting together take turns: the first migrates, the others then find nothing to do.
    migrate: () =>
      exclusively('migrations', () =>
        migratePg(db as never, {
          migrationsFolder: MIGRATIONS_DIR,
          ...(searchPath ? { migrationsSchema: searchPath } : {}),
        }),
      ),
    exclusively,
    ping: async () => void (await pool.query('select 1')),
    listen: async (channel, onMessage, onGap) => {
      let stopped = false;
      let reconnecting = false;
      let client: pg.Client | undefined;
      const reconnect = () => {
        if (stopped || reconnecting) return;
        reconnecting = true;
        setTimeout(() => {
          connect().then(
            () => {
              reconnecting = false;
              onGap?.();
            },
            () => {
              reconnecting = false;
              reconnect();
            },
          );
        }, 1000).unref();
      };
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url });
        c.on('notification', (m) => {
          if (m.channel === channel) onMessage(m.payload ?? '');
        });
        c.on('error', () => undefined); // 'end' follows, and reconnects
        c.on('end', reconnect);
        await c.connect();
        await c.query(`listen ${c.escapeIdentifier(channel)}`);
        client = c;
      };
      await connect();
      const stop = async () => {
        stopped = true;
        listeners.delete(stop);
        await client?.end().catch(() => undefined);
      };
      listeners.add(stop);
      return stop;
    },
    close: async () => {
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/** Sends a notification to every process listening on `channel` (see Database.listen), when the transaction commits. */
export async function notify(db: Executor, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}
