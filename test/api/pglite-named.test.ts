import { PGlite } from '@electric-sql/pglite';
import { openPgliteClient } from '../../server/src/lib/db/pglite';

/** The embedded database gives a query text it sees again a named statement (lib/db/pglite-named.ts). */
let client: PGlite;

beforeAll(async () => {
  client = await openPgliteClient('memory://');
  await client.exec(`create table notes (id int primary key, body text, at timestamptz not null default now(),
    tags text[] not null default '{}')`);
});
afterAll(() => client.close());

const named = async (db: Pick<PGlite, 'query'> = client) =>
  (await db.query<{ statement: string }>('select statement from pg_prepared_statements where not from_sql')).rows.map(
    (r) => r.statement,
  );

it('names a text from its third use on, and answers as the unnamed statement did', async () => {
  const insert = 'insert into notes (id, body, tags) values ($1, $2, $3) returning id, body, tags, at';
  const answers = [];
  for (let i = 1; i <= 5; i++)
    answers.push(await client.query(insert, [i, i === 4 ? null : `note ${i}`, ['a', `b${i}`]]));
  expect(answers.map((a) => a.rows[0])).toEqual(
    [1, 2, 3, 4, 5].map((i) => ({
      id: i,
      body: i === 4 ? null : `note ${i}`,
      tags: ['a', `b${i}`],
      at: expect.any(Date),
    })),
  );
  expect(answers.map((a) => a.affectedRows)).toEqual([1, 1, 1, 1, 1]);
  expect(await named()).toContain(insert);

  const select = 'select id, at from notes where id <= $1 order by id';
  for (let i = 0; i < 3; i++) await client.query(select, [2], { rowMode: 'array' });
  const arrays = await client.query(select, [2], { rowMode: 'array', parsers: { 1184: (v: string) => `at ${v}` } });
  expect(arrays.rows).toEqual([
    [1, expect.stringMatching(/^at 20/)],
    [2, expect.stringMatching(/^at 20/)],
  ]);
  expect(arrays.fields.map((f) => f.name)).toEqual(['id', 'at']);
});

it('keeps PostgreSQL’s error, and the session usable, when a named statement fails', async () => {
  const insert = 'insert into notes (id, body) values ($1, $2)';
  await client.query(insert, [10, 'x']);
  await client.query(insert, [11, 'y']);
  await client.query(insert, [12, 'z']);
  expect(await named()).toContain(insert);
  await expect(client.query(insert, [10, 'again'])).rejects.toMatchObject({ code: '23505' });
  await expect(client.query(insert, ['not a number', 'x'])).rejects.toMatchObject({ code: '22P02' });
  expect((await client.query('select count(*)::int as n from notes where id >= $1', [10])).rows).toEqual([{ n: 3 }]);
});

it('leaves transactions alone and waits for them', async () => {
  const count = 'select count(*)::int as n from notes where body like $1';
  await client.transaction(async (tx) => {
    for (let i = 0; i < 4; i++) await tx.query(count, ['note%']);
    await tx.query('insert into notes (id, body) values (20, $1)', ['note in a transaction']);
    expect(await named(tx)).not.toContain(count);
  });
  for (let i = 0; i < 3; i++) await client.query(count, ['note%']);
  expect((await client.query(count, ['note%'])).rows).toEqual([{ n: 5 }]);
});

it('keeps at most 100 named statements, closing the least recently used', async () => {
  for (let n = 0; n < 120; n++) for (let i = 0; i < 3; i++) await client.query(`select $1::int + ${n} as v`, [i]);
  const kept = await named();
  expect(kept.length).toBeLessThanOrEqual(100);
  expect(kept).toContain('select $1::int + 119 as v');
  expect(kept).not.toContain('select $1::int + 0 as v');
  expect((await client.query('select $1::int + 0 as v', [1])).rows).toEqual([{ v: 1 }]);
});

it('answers every query as PGlite itself would, named or not, in a transaction or not', async () => {
  const plain = new PGlite();
  const setup = `create table kinds (id int8 primary key, n numeric, ok bool, doc jsonb, raw bytea, tags text[],
    scores int[], day date, at timestamptz, note text)`;
  await plain.exec(setup);
  await client.exec(setup);
  const identity = (value: string) => value;
  const asDrizzle = { parsers: { 1184: identity, 1082: identity, 1231: identity } };
  const queries: [string, unknown[], object?][] = [
    [
      `insert into kinds values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10), ($1 + 1, null, null, null, null, null, null,
        null, null, null)`,
      [
        1,
        '12.50',
        true,
        { a: [1, 'två'] },
        new Uint8Array([0, 1, 255]),
        ['x', 'y z'],
        [1, 2],
        '2026-12-07',
        new Date(0),
        'ö',
      ],
    ],
    ['select * from kinds order by id', []],
    ['select * from kinds order by id', [], { rowMode: 'array' }],
    ['select * from kinds where id = $1', [1], asDrizzle],
    ['select id, at from kinds where id > $1 order by id', [0], { ...asDrizzle, rowMode: 'array' }],
    ['update kinds set note = $1 where id >= $2', ['again', 1]],
    ['select count(*) as n, sum(n) as total from kinds', []],
    ['delete from kinds where id > $1 returning id, note', [1]],
    ['select 1 where false', []],
  ];
  const answers = async (db: PGlite) => {
    const out: unknown[] = [];
    await db.exec('delete from kinds');
    for (let round = 0; round < 4; round++) {
      for (const [text, params, options] of queries) out.push(await db.query(text, params, options));
      await db.exec('delete from kinds');
      await db.transaction(async (tx) => {
        for (const [text, params, options] of queries) out.push(await tx.query(text, params, options));
        await tx.rollback();
      });
    }
    return out;
  };
  try {
    const mine = await answers(client);
    expect(mine).toEqual(await answers(plain));
    expect(await named()).toContain(queries[1][0]);
  } finally {
    await plain.close();
  }
});
