/**
 * Bad input, tried as an attacker would: malformed statements, queries, encodings and nesting depths.
 * No answer may be a 5xx (a client retries those for ever), every refusal says what is wrong, and
 * nothing of a refused batch is stored.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { createTestApp, serveOverHttp, signedIn, type ServedApp, type TestApp } from '../support/app';
import { xapiClient } from '../support/xapi';
import { validStatement } from '../fixtures/xapi-statements';

let t: TestApp;
let served: ServedApp;
beforeAll(async () => {
  t = await createTestApp();
  served = await serveOverHttp(t.app);
});
afterAll(async () => {
  await served.close();
  await t.close();
});

const NUL = '\u0000';
const LONE = '\ud800';
/** A JSON text nested `depth` levels deep, written out as text (a value that deep cannot be stringified safely). */
const deepText = (depth: number, open = '{"a":', close = '}') => `${open.repeat(depth)}1${close.repeat(depth)}`;
const deepValue = (depth: number): unknown => JSON.parse(deepText(depth));

type Case = [name: string, statement: unknown, message: RegExp];
const s = validStatement;
const inExtension = (value: unknown) => ({ ...s(), result: { extensions: { 'http://example.org/e': value } } });

/** Statements that hold text no database can store, or nesting beyond the limit. */
const STATEMENTS: Case[] = [];
for (const [label, bad] of [
  ['a NUL character', `a${NUL}b`],
  ['a lone high surrogate', `a${LONE}b`],
  ['a lone low surrogate', 'a\udc00b'],
] as const) {
  STATEMENTS.push(
    [
      `${label} in actor.name`,
      { ...s(), actor: { mbox: 'mailto:a@example.org', name: bad } },
      /statement\.actor\.name/,
    ],
    [
      `${label} in verb.display`,
      { ...s(), verb: { id: 'http://example.org/v', display: { en: bad } } },
      /statement\.verb\.display\.en/,
    ],
    [
      `${label} in the activity name`,
      { ...s(), object: { id: 'http://example.org/a', definition: { name: { en: bad } } } },
      /statement\.object\.definition\.name\.en/,
    ],
    [`${label} in an extension value`, inExtension(bad), /statement\.result\.extensions\["http:\/\/example\.org\/e"\]/],
    [
      `${label} in an extension key`,
      { ...s(), result: { extensions: { [`http://example.org/${bad}`]: 1 } } },
      /statement\.result\.extensions/,
    ],
    [`${label} in result.response`, { ...s(), result: { response: bad } }, /statement\.result\.response/],
    [`${label} in context.platform`, { ...s(), context: { platform: bad } }, /statement\.context\.platform/],
    [
      `${label} in account.name`,
      { ...s(), actor: { account: { homePage: 'http://example.org', name: bad } } },
      /statement\.actor\.account\.name/,
    ],
    [`${label} in an unknown property name`, { ...s(), [`x${bad}`]: 1 }, /statement\[/],
    [`${label} in the verb id`, { ...s(), verb: { id: `http://example.org/${bad}` } }, /statement\.verb\.id/],
    [
      `${label} deep in a context extension`,
      { ...s(), context: { extensions: { 'http://example.org/c': { list: [{ x: bad }] } } } },
      /statement\.context\.extensions\["http:\/\/example\.org\/c"\]\.list\[0\]\.x/,
    ],
    [
      `${label} in an interaction choice`,
      {
        ...s(),
        object: {
          id: 'http://example.org/q',
          definition: { interactionType: 'choice', choices: [{ id: 'a', description: { en: bad } }] },
        },
      },
      /statement\.object\.definition\.choices\[0\]\.description\.en/,
    ],
  );
}
/** A statement as JSON text with a deep value in an extension (too deep for the test client to serialise). */
const deepStatement = (text: string) => ({
  raw: JSON.stringify(inExtension('DEEP')).replace('"DEEP"', text),
});
for (const depth of [129, 200, 1000, 3000, 10_000])
  STATEMENTS.push(
    [`an extension nested ${depth} levels deep`, deepStatement(deepText(depth)), /nested more than 128 levels/],
    [`arrays nested ${depth} levels deep`, deepStatement(deepText(depth, '[', ']')), /nested more than 128 levels/],
  );
STATEMENTS.push(
  [
    'an activity definition extension nested 500 deep',
    {
      ...s(),
      object: { id: 'http://example.org/a', definition: { extensions: { 'http://example.org/x': deepValue(500) } } },
    },
    /statement\.object\.definition\.extensions.*nested more than 128/,
  ],
  [
    'a SubStatement extension nested 500 deep',
    {
      ...s(),
      object: {
        objectType: 'SubStatement',
        actor: { mbox: 'mailto:s@example.org' },
        verb: { id: 'http://example.org/v' },
        object: { id: 'http://example.org/a' },
        result: { extensions: { 'http://example.org/x': deepValue(500) } },
      },
    },
    /statement\.object\.result\.extensions.*nested more than 128/,
  ],
  ['a timestamp on 30 February', { ...s(), timestamp: '2024-02-30T10:00:00Z' }, /statement\.timestamp/],
  ['a timestamp at hour 24', { ...s(), timestamp: '2024-01-01T24:00:00Z' }, /statement\.timestamp/],
  ['a timestamp in year 0000', { ...s(), timestamp: '0000-01-01T00:00:00Z' }, /statement\.timestamp/],
  ['a timestamp with offset +25:00', { ...s(), timestamp: '2024-01-01T10:00:00+25:00' }, /statement\.timestamp/],
  ['a duration mixing weeks and days', { ...s(), result: { duration: 'P4W1D' } }, /statement\.result\.duration/],
  ['a huge score', { ...s(), result: { score: { scaled: 1e308 } } }, /statement\.result\.score\.scaled/],
  ['a score that is a string', { ...s(), result: { score: { raw: '5' } } }, /statement\.result\.score\.raw/],
  ['a statement that is a number', [42], /must be a JSON object/],
  ['a statement that is null', [null], /must be a JSON object/],
  ['a statement that is a string', ['statement'], /must be a JSON object/],
  [
    'an authority Group of three',
    {
      ...s(),
      authority: {
        objectType: 'Group',
        member: [{ mbox: 'mailto:a@x.org' }, { mbox: 'mailto:b@x.org' }, { mbox: 'mailto:c@x.org' }],
      },
    },
    /exactly two Agents/,
  ],
  [
    'a correctResponsesPattern without interactionType',
    { ...s(), object: { id: 'http://example.org/q', definition: { correctResponsesPattern: ['a'] } } },
    /interactionType/,
  ],
  [
    'an attachment length that is negative',
    {
      ...s(),
      attachments: [
        {
          usageType: 'http://example.org/u',
          display: { en: 'f' },
          contentType: 'text/plain',
          length: -1,
          sha2: 'a'.repeat(64),
        },
      ],
    },
    /length/,
  ],
  [
    'a context registration that is not a UUID',
    { ...s(), context: { registration: `x${NUL}` } },
    /statement\.context\.registration/,
  ],
);

const postText = (auth: string, text: string) =>
  t.request
    .post('/xapi/statements')
    .set('Authorization', auth)
    .set('X-Experience-API-Version', '1.0.3')
    .set('Content-Type', 'application/json')
    .send(text);

describe('malformed statements', () => {
  it(`has at least 60 statement cases (${STATEMENTS.length})`, () =>
    expect(STATEMENTS.length).toBeGreaterThanOrEqual(60));

  it.each(STATEMENTS)(
    'refuses %s with 400 naming the property, alone and in a batch that stores nothing',
    async (_name, bad, message) => {
      const c = await xapiClient(t, '1.0.3', 'all');
      const raw = typeof bad === 'object' && bad !== null && 'raw' in bad ? (bad.raw as string) : undefined;
      const alone = raw ? await postText(c.auth, raw) : await c.post(bad);
      expect(alone.status).toBe(400);
      expect(alone.body.error.message).toMatch(message);
      const good = validStatement();
      const batch = raw ? await postText(c.auth, `[${JSON.stringify(good)},${raw}]`) : await c.post([good, bad]);
      expect(batch.status).toBe(400);
      await c.get(`?statementId=${good.id}`).expect(404);
    },
  );
});

describe('statements as deep as allowed', () => {
  it('stores one nested just under the limit, and every format of a query page holding it answers 200', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const deep = validStatement();
    const raw = JSON.stringify({ ...inExtension('DEEP'), id: deep.id }).replace('"DEEP"', deepText(120, '[', ']'));
    await postText(c.auth, raw).expect(200);
    const sub = {
      ...s(),
      object: {
        objectType: 'SubStatement',
        actor: { mbox: 'mailto:s@example.org' },
        verb: { id: 'http://example.org/v' },
        object: { id: 'http://example.org/a' },
        context: { extensions: { 'http://example.org/x': deepValue(110) } },
      },
    };
    await c.post(sub).expect(200);
    for (const format of ['ids', 'exact', 'canonical']) {
      const page = await c.get(`?format=${format}&limit=5`).set('Accept-Language', 'en').expect(200);
      const ids = (page.body.statements as { id: string }[]).map((x) => x.id);
      expect([format, ids]).toEqual([format, expect.arrayContaining([deep.id, sub.id])]);
      await c.get(`?statementId=${deep.id}&format=${format}`).expect(200);
    }
    await c.get(`?statementId=${sub.id}&attachments=true`).expect(200);
  });
});

/** Queries that must be refused (never answered 5xx). */
const agentOf = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const QUERIES: [name: string, query: string, message: RegExp][] = [
  ['a NUL in verb', `?verb=http://example.org/v%00`, /verb: .*NUL/],
  ['a NUL in activity', `?activity=http://example.org/a%00`, /activity: .*NUL/],
  ['a NUL in an agent name', `?agent=${agentOf({ mbox: 'mailto:a@example.org', name: `x${NUL}` })}`, /agent.*NUL/],
  ['a NUL in the agent mbox', `?agent=${agentOf({ mbox: `mailto:a${NUL}@example.org` })}`, /agent.*NUL/],
  [
    'a lone surrogate in the agent name',
    `?agent=${encodeURIComponent('{"mbox":"mailto:a@example.org","name":"\\ud800"}')}`,
    /agent.*surrogate/,
  ],
  [
    'an agent nested 5,000 levels deep',
    `?agent=${encodeURIComponent(deepText(2000, '[', ']'))}`,
    /agent.*nested more than/,
  ],
  ['an agent that is not JSON', '?agent=%7Bmbox', /agent must be an Agent or Group as JSON/],
  ['a NUL in registration', `?registration=%00`, /registration: .*NUL/],
  ['a NUL in a parameter name', `?a%00b=1`, /NUL/],
  ['since in year 0000', '?since=0000-01-01T00:00:00Z', /since must be/],
  ['until on 30 February', '?until=2024-02-30T00:00:00Z', /until must be/],
  ['since at hour 24', '?since=2024-01-01T24:00:00Z', /since must be/],
  ['a limit that is not a number', '?limit=ten', /limit/],
  ['a negative limit', '?limit=-5', /limit must be 0 or more/],
  ['a limit of 1e400', '?limit=1e400', /limit/],
  ['an unknown format', '?format=xml', /format must be ids, exact or canonical/],
  ['a statementId that is not a UUID', '?statementId=1%27%20or%201=1', /statementId must be a UUID/],
  [
    'both statementId and voidedStatementId',
    `?statementId=${randomUUID()}&voidedStatementId=${randomUUID()}`,
    /not both/,
  ],
  ['ascending that is not a boolean', '?ascending=yes', /ascending must be true or false/],
  ['an unknown parameter', '?colour=red', /colour/],
  ['a negative cursor', '?cursor=-1', /cursor/],
  ['a parameter sent twice', '?verb=http://example.org/a&verb=http://example.org/b', /verb/],
];

describe('malformed queries', () => {
  it.each(QUERIES)('refuses %s with 400', async (_name, query, message) => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const res = await c.get(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it.each([
    ['state', '/xapi/activities/state?activityId=http://example.org/a&stateId=s%00&agent='],
    ['agent profile', '/xapi/agents/profile?profileId=p%00&agent='],
    ['activity profile', '/xapi/activities/profile?activityId=http://example.org/a%00&x='],
  ])('refuses a NUL in the %s resource parameters with 400', async (_name, path) => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const res = await t.request
      .get(`${path}${agentOf({ mbox: 'mailto:d@example.org' })}`)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', '2.0.0');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/NUL/);
  });
});

/** Raw request bodies: encodings, content types and JSON text that no parser should choke on. */
const RAW: [name: string, path: string, headers: Record<string, string>, body: Buffer | string, status: number][] = [
  [
    'gzip declared, body plain (xAPI)',
    '/xapi/statements',
    { 'Content-Encoding': 'gzip' },
    JSON.stringify(validStatement()),
    400,
  ],
  [
    'br declared, body plain (xAPI)',
    '/xapi/statements',
    { 'Content-Encoding': 'br' },
    JSON.stringify(validStatement()),
    400,
  ],
  [
    'deflate declared, body plain (xAPI)',
    '/xapi/statements',
    { 'Content-Encoding': 'deflate' },
    JSON.stringify(validStatement()),
    400,
  ],
  [
    'an unknown encoding (xAPI)',
    '/xapi/statements',
    { 'Content-Encoding': 'zzz' },
    JSON.stringify(validStatement()),
    400,
  ],
  [
    'gzip declared on a multipart body',
    '/xapi/statements',
    { 'Content-Encoding': 'gzip', 'Content-Type': 'multipart/mixed; boundary=b' },
    '--b\r\n\r\n{}\r\n--b--',
    400,
  ],
  [
    'gzip declared on a document',
    '/xapi/activities/state?activityId=http://example.org/a&stateId=s&agent=%7B%22mbox%22%3A%22mailto%3Aa%40example.org%22%7D',
    { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' },
    'plain',
    400,
  ],
  [
    'gzip declared, body plain (API sign-in)',
    '/api/auth/signin',
    { 'Content-Encoding': 'gzip' },
    '{"email":"a@example.org","password":"x"}',
    400,
  ],
  [
    'br declared, body plain (API sign-in)',
    '/api/auth/signin',
    { 'Content-Encoding': 'br' },
    '{"email":"a@example.org","password":"x"}',
    400,
  ],
  ['JSON cut short', '/xapi/statements', {}, '{"actor":', 400],
  ['JSON with a trailing comma', '/xapi/statements', {}, '{"a":1,}', 400],
  [
    'a lone surrogate escape in a statement',
    '/xapi/statements',
    {},
    '{"actor":{"mbox":"mailto:a@example.org","name":"\\udfff"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/a"}}',
    400,
  ],
  [
    'a NUL escape in a statement',
    '/xapi/statements',
    {},
    '{"actor":{"mbox":"mailto:a@example.org","name":"\\u0000"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/a"}}',
    400,
  ],
  ['JSON nested 100,000 levels deep', '/xapi/statements', {}, deepText(100_000, '[', ']'), 400],
  [
    'a document nested 10,000 levels deep',
    '/xapi/agents/profile?profileId=p&agent=%7B%22mbox%22%3A%22mailto%3Aa%40example.org%22%7D',
    {},
    deepText(10_000),
    400,
  ],
  [
    'a text/plain statement',
    '/xapi/statements',
    { 'Content-Type': 'text/plain' },
    JSON.stringify(validStatement()),
    400,
  ],
  [
    'multipart without a boundary',
    '/xapi/statements',
    { 'Content-Type': 'multipart/mixed' },
    '--b\r\n\r\n{}\r\n--b--',
    400,
  ],
  [
    'multipart cut short',
    '/xapi/statements',
    { 'Content-Type': 'multipart/mixed; boundary=b' },
    `--b\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(validStatement())}`,
    400,
  ],
  [
    'multipart whose statements are nested too deep',
    '/xapi/statements',
    { 'Content-Type': 'multipart/mixed; boundary=b' },
    `--b\r\nContent-Type: application/json\r\n\r\n${deepText(5000, '[', ']')}\r\n--b--\r\n`,
    400,
  ],
  [
    'multipart whose statements hold a NUL',
    '/xapi/statements',
    { 'Content-Type': 'multipart/mixed; boundary=b' },
    `--b\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ ...validStatement(), result: { response: NUL } })}\r\n--b--\r\n`,
    400,
  ],
  ['a statement that is an empty array', '/xapi/statements', {}, '[]', 400],
];

describe('malformed bodies and encodings', () => {
  it.each(RAW)('refuses %s with a 4xx, never a 5xx', async (_name, path, headers, body, status) => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const res = await t.request
      .post(path)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', '1.0.3')
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(body);
    expect([res.status, res.body.error?.message ?? res.text]).toEqual([status, expect.any(String)]);
  });

  it('still takes a body that is really compressed as its Content-Encoding says', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const statement = validStatement();
    const res = await fetch(`${served.baseUrl}/xapi/statements`, {
      method: 'POST',
      headers: {
        Authorization: c.auth,
        'X-Experience-API-Version': '1.0.3',
        'Content-Type': 'application/json',
        'Content-Encoding': 'gzip',
      },
      body: zlib.gzipSync(JSON.stringify(statement)),
    });
    expect(res.status).toBe(200);
    await c.get(`?statementId=${statement.id}`).expect(200);
  });

  it('stores a NUL or a lone surrogate in an xAPI document faithfully, as the bytes sent (documents are opaque)', async () => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const path = `/xapi/agents/profile?profileId=${randomUUID()}&agent=${agentOf({ mbox: 'mailto:doc@example.org' })}`;
    const body = '{"note":"a\\u0000b\\ud800"}';
    await t.request
      .put(path)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', '2.0.0')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(204);
    const got = await t.request
      .get(path)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', '2.0.0')
      .expect(200);
    expect(got.body).toEqual({ note: 'a\u0000b\ud800' });
  });
});

describe('the rest of the API', () => {
  it('refuses a NUL in report filters and in the user search with 400', async () => {
    const admin = await signedIn(t, 'admin');
    const filter = await admin.agent.get('/api/staff/reports/sample/dashboard?city=Rome%00');
    expect(filter.status).toBe(400);
    expect(filter.body.error.message).toMatch(/city.*NUL/);
    const search = await admin.agent.get('/api/admin/users?q=%00');
    expect(search.status).toBe(400);
    expect(search.body.error.message).toMatch(/q.*NUL/);
    const deep = await admin.agent
      .post('/api/account/profile')
      .set('Content-Type', 'application/json')
      .send(deepText(2000));
    expect(deep.status).toBe(400);
  });
});

/** GET /healthz on its own connection; resolves with how long the answer took. */
function poll(baseUrl: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl}/healthz`, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      })
      .on('error', reject);
  });
}

describe('the server keeps answering while it refuses deep input', () => {
  it('answers /healthz within a second to a second client while deep statements and queries are refused', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    let done = false;
    const latencies: number[] = [];
    const poller = (async () => {
      while (!done) latencies.push(await poll(served.baseUrl));
    })();
    const attacks = [];
    for (let i = 0; i < 3; i++) {
      attacks.push(
        fetch(`${served.baseUrl}/xapi/statements`, {
          method: 'POST',
          headers: { Authorization: c.auth, 'X-Experience-API-Version': '1.0.3', 'Content-Type': 'application/json' },
          body: `{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://example.org/v"},"object":{"id":"http://example.org/a"},"result":{"extensions":{"http://example.org/e":${deepText(20_000, '[', ']')}}}}`,
        }).then((r) => r.status),
        fetch(`${served.baseUrl}/xapi/statements?format=ids&agent=${encodeURIComponent(deepText(2000, '[', ']'))}`, {
          headers: { Authorization: c.auth, 'X-Experience-API-Version': '1.0.3' },
        }).then((r) => r.status),
      );
    }
    const statuses = await Promise.all(attacks);
    done = true;
    await poller;
    expect(new Set(statuses)).toEqual(new Set([400]));
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });
});

describe('SVG images with a structure built to exhaust the server', () => {
  const svg = (inner: string) =>
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${inner}</svg>`);
  const nested = (depth: number) => `${'<g>'.repeat(depth)}<rect width="1" height="1"/>${'</g>'.repeat(depth)}`;

  it('refuses deep and huge SVGs with 400 while /healthz keeps answering within a second, and takes a normal drawing', async () => {
    const trainer = await signedIn(t, 'trainer');
    const up = (content: Buffer) =>
      trainer.agent
        .post('/api/authoring/courses/sample/modules/practice/images')
        .field('alt', 'A drawing')
        .attach('file', content, 'drawing.svg');
    let done = false;
    const latencies: number[] = [];
    const poller = (async () => {
      while (!done) latencies.push(await poll(served.baseUrl));
    })();
    const cases: [Buffer, RegExp][] = [
      [svg(nested(10_000)), /nests elements more than 40 levels/],
      [svg(nested(240_000)), /nests elements more than 40 levels/],
      [svg('<rect width="1" height="1"/>'.repeat(60_000)), /more than 5000 elements/],
      [svg('<g><rect>'), /not well-formed XML/],
      [
        Buffer.from(
          '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        ),
        /entities|not a PNG, JPEG, WebP or SVG/,
      ],
    ];
    try {
      for (const [content, message] of cases) {
        expect(content.length).toBeLessThan(2 * 1024 * 1024);
        const res = await up(content);
        expect([res.status, res.body.error?.message]).toEqual([400, expect.stringMatching(message)]);
      }
    } finally {
      done = true;
      await poller;
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
    await up(svg(`${nested(10)}${'<circle cx="5" cy="5" r="1"/>'.repeat(200)}`)).expect(201);
  });
});
