import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../lib/db';

/** The figures read at each scrape: cheap queries on indexed columns, never a count of every statement. */
export async function readFigures(db: Executor) {
  const [figures] = await rows<{ stored: number; backlog: number; dead: number }>(
    db,
    sql`select
          (select coalesce(max(seq), 0) from xapi_statements)::float8 as stored,
          (select count(*) from xapi_outbox where not dead)::float8 as backlog,
          (select count(*) from xapi_outbox where dead)::float8 as dead`,
  );
  return figures;
}
