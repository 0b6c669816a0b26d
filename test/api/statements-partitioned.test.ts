import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/src/lib/db';
import { partitionStatementsByMonth, statementsPartitioned } from '../../server/src/lib/db/partitions';
import { createTestApp, type TestApp } from '../support/app';
import { seedStatements } from '../support/reports';
import { xapiClient } from '../support/xapi';

/**
 * STATEMENTS_PARTITIONED=month: the statements table becomes partitioned by the month stored. The
 * same statements are stored and found the same way before and after, and after it a statement id
 * is still stored once across months.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const actor = (name: string) => ({ objectType: 'Agent', account: { homePage: 'https://tool.example.org', name } });
const statement = (name: string, activity: string, verb = 'http://adlnet.gov/expapi/verbs/experienced') => ({
  id: randomUUID(),
  actor: actor(name),
  verb: { id: verb },
  object: { objectType: 'Activity', id: `https://tool.example.org/activities/${activity}` },
  timestamp: '2025-01-01T00:00:00Z',
});

type Client = Awaited<ReturnType<typeof xapiClient>>;

/** Every page of a query, following `more`, as ids in the order served. */
async function all(c: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  let res = await c.get(query).expect(200);
  for (;;) {
    ids.push(...(res.body.statements as { id: string }[]).map((s) => s.id));
    if (!res.body.more) return ids;
    res = await t.request
      .get(res.body.more.replace(/^.*\/xapi/, '/xapi'))
      .set('X-Experience-API-Version', '1.0.3')
      .set('Authorization', c.auth)
      .expect(200);
  }
}

const QUERIES = [
  '?limit=2',
  '?ascending=true&limit=3',
  `?agent=${encodeURIComponent(JSON.stringify(actor('ada')))}`,
  `?activity=${encodeURIComponent('https://tool.example.org/activities/a')}&limit=1`,
  `?verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/answered')}`,
  `?since=2024-02-01T00:00:00Z&until=2024-04-01T00:00:00Z`,
];

const partitions = () =>
  rows<{ name: string; n: number }>(
    t.database.db,
    sql`select c.relname as name, (xpath('/row/n/text()', query_to_xml(
          format('select count(*) as n from %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::int as n
        from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_namespace n on n.oid = c.relnamespace
        join pg_class p on p.oid = i.inhparent
        where p.relname = 'xapi_statements' and p.relnamespace = current_schema()::regnamespace order by 1`,
  );

describe('statements partitioned by month', () => {
  it('stores and answers queries the same before and after, and keeps a statement id once across months', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    // Months ago, as if stored then; and now, through the API.
    await seedStatements(
      t.database.db,
      [statement('ada', 'a'), statement('ben', 'a')],
      new Date('2024-01-15T10:00:00Z'),
    );
    await seedStatements(
      t.database.db,
      [statement('ada', 'b', 'http://adlnet.gov/expapi/verbs/answered'), statement('cleo', 'a')],
      new Date('2024-03-02T10:00:00Z'),
    );
    const recent = [statement('ada', 'a'), statement('ben', 'b', 'http://adlnet.gov/expapi/verbs/answered')];
    await c.post(recent).expect(200);

    const before = await Promise.all(QUERIES.map((q) => all(c, q)));
    const one = (await c.get(`?statementId=${recent[0].id}`).expect(200)).body;
    expect(before[0]).toHaveLength(6);
    expect(before[5]).toHaveLength(2);
    expect(await statementsPartitioned(t.database.db)).toBe(false);

    await partitionStatementsByMonth(t.database.db, new Date('2024-03-10T00:00:00Z'));
    await partitionStatementsByMonth(t.database.db, new Date('2024-03-10T00:00:00Z')); // a second start changes nothing

    expect(await statementsPartitioned(t.database.db)).toBe(true);
    const parts = await partitions();
    expect(parts.find((p) => p.name === 'xapi_statements_2024_01')?.n).toBe(2);
    expect(parts.find((p) => p.name === 'xapi_statements_2024_03')?.n).toBe(2);
    expect(parts.filter((p) => p.n > 0).reduce((n, p) => n + p.n, 0)).toBe(6);
    expect(parts.some((p) => p.name === 'xapi_statements_2025_03')).toBe(true); // twelve months ahead

    expect(await Promise.all(QUERIES.map((q) => all(c, q)))).toEqual(before);
    expect((await c.get(`?statementId=${recent[0].id}`).expect(200)).body).toEqual(one);

    // New statements are stored after the old ones; an id stored in another month is not stored again,
    // and the same id with other content is refused, as before.
    const later = statement('dan', 'c');
    await c.post([later]).expect(200);
    await c.post([recent[0]]).expect(200);
    await c
      .post([{ ...recent[0], object: { objectType: 'Activity', id: 'https://tool.example.org/other' } }])
      .expect(409);
    await seedStatements(t.database.db, [recent[0]], new Date('2024-01-20T00:00:00Z'));
    const after = await all(c, '?limit=3');
    expect(after).toEqual([later.id, ...before[0]]);
    const [{ n }] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from xapi_statements where id = ${recent[0].id}::uuid`,
    );
    expect(n).toBe(1);
  });
});
