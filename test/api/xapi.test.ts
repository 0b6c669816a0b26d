import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../server/src/lib/db';
import type { LrsScope } from '../../server/src/lib/db/schema';
import { createUser } from '../../server/src/users/service';
import { browserAgent, createTestApp, type TestApp } from '../support/app';
import { MALFORMED, validStatement } from '../fixtures/xapi-statements';
import { xapiClient } from '../support/xapi';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const V = { 'X-Experience-API-Version': '1.0.3' };
const client = (...scopes: LrsScope[]) => xapiClient(t, '1.0.3', ...scopes);
const count = async () =>
  (await rows<{ n: number }>(t.database.db, sql`select count(*)::int as n from xapi_statements`))[0].n;

describe('the xAPI About resource and headers', () => {
  it('answers About without credentials', async () => {
    const res = await t.request.get('/xapi/about').expect(200);
    expect(res.body.version).toEqual(['1.0.3', '2.0.0']);
  });

  it('requires a supported version header, and echoes it', async () => {
    const writer = await client('all');
    const res = await t.request.get('/xapi/statements').expect(400);
    expect(res.body.error.message).toMatch(/X-Experience-API-Version: 1\.0\.3 or 2\.0\.0/);
    const v2 = await writer.get('').set('X-Experience-API-Version', '2.0.0').expect(200);
    expect(v2.headers['x-experience-api-version']).toBe('2.0.0');
    expect(v2.headers['x-experience-api-consistent-through']).toBeDefined();
  });

  it('asks for credentials, and refuses wrong or revoked ones', async () => {
    const res = await t.request.get('/xapi/statements').set(V).expect(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    await t.request
      .get('/xapi/statements')
      .set(V)
      .set('Authorization', `Basic ${Buffer.from('nope:nope').toString('base64')}`)
      .expect(401);
  });

  it('answers CORS preflights', async () => {
    const res = await t.request.options('/xapi/statements').expect(204);
    expect(res.headers['access-control-allow-headers']).toMatch(/X-Experience-API-Version/);
  });
});

describe('storing and reading statements', () => {
  it('stores a statement and sets stored, authority, timestamp and version', async () => {
    const c = await client('all');
    const res = await c.post(validStatement()).expect(200);
    expect(res.body).toHaveLength(1);
    const got = await c.get(`?statementId=${res.body[0]}`).expect(200);
    expect(got.body).toMatchObject({
      id: res.body[0],
      version: '1.0.3',
      authority: { objectType: 'Agent', name: 'test all' },
    });
    expect(Date.parse(got.body.stored)).not.toBeNaN();
    expect(got.body.timestamp).toBeDefined();
  });

  it('accepts an identical re-post and refuses a conflicting one, storing nothing of that batch', async () => {
    const c = await client('statements/write', 'statements/read');
    const s = validStatement();
    await c.post(s).expect(200);
    await c.post(s).expect(200);
    await c.put(s.id, s).expect(204);
    const before = await count();
    const res = await c
      .post([validStatement(), { ...s, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } }])
      .expect(409);
    expect(res.body.error.message).toMatch(/already stored with other content/);
    expect(await count()).toBe(before);
  });

  it('stores the new statements of a batch that also re-posts a stored one, once each', async () => {
    const c = await client('statements/write', 'statements/read');
    const s = validStatement();
    await c.post(s).expect(200);
    const before = await count();
    const fresh = validStatement();
    const res = await c.post([fresh, s]).expect(200);
    expect(res.body).toEqual([fresh.id, s.id]);
    expect(await count()).toBe(before + 1);
    await c.get(`?statementId=${fresh.id}`).expect(200);
  });

  it('gives each of many concurrent single POSTs its own outcome: only the conflicting one fails', async () => {
    const c = await client('all');
    const stored = validStatement();
    await c.post(stored).expect(200);
    const before = await count();
    const clash = validStatement();
    const fresh = Array.from({ length: 15 }, () => validStatement());
    const responses = await Promise.all([
      ...fresh.map((s) => c.post(s)),
      c.post(clash),
      c.post({ ...clash, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } }),
      c.post(stored),
      c.post({ ...stored, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } }),
    ]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.slice(0, 15)).toEqual(Array(15).fill(200));
    expect(statuses.slice(15, 17).sort()).toEqual([200, 409]);
    expect(statuses.slice(17)).toEqual([200, 409]);
    expect(await count()).toBe(before + 16);
    const kept = await c.get(`?statementId=${clash.id}`).expect(200);
    const winner = statuses[15] === 200 ? clash.verb.id : 'http://adlnet.gov/expapi/verbs/failed';
    expect(kept.body.verb.id).toBe(winner);
  });

  it('stores with PUT and checks the id', async () => {
    const c = await client('all');
    const id = randomUUID();
    await c.put(id, { ...validStatement(), id: undefined }).expect(204);
    await c.get(`?statementId=${id}`).expect(200);
    await c.put(randomUUID(), validStatement()).expect(400);
    await c.put('not-a-uuid', validStatement()).expect(400);
  });

  it('voids a statement: it leaves queries and is found only as voided', async () => {
    const c = await client('all');
    const s = validStatement();
    await c.post(s).expect(200);
    await c
      .post({
        ...validStatement(),
        verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
        object: { objectType: 'StatementRef', id: s.id },
      })
      .expect(200);
    const gone = await c.get(`?statementId=${s.id}`).expect(404);
    expect(gone.body.error.message).toMatch(/voided: ask with voidedStatementId/);
    await c.get(`?voidedStatementId=${s.id}`).expect(200);
    const list = await c.get(`?activity=${encodeURIComponent(s.object.id)}`).expect(200);
    expect(list.body.statements.map((x: { id: string }) => x.id)).not.toContain(s.id);
  });

  it('filters by agent, verb, activity, related activities and registration', async () => {
    const c = await client('all');
    const registration = randomUUID();
    const mbox = `mailto:filter${Date.now()}@example.org`;
    const course = `http://example.org/courses/${randomUUID()}`;
    const a = {
      ...validStatement(),
      actor: { mbox },
      context: { registration, contextActivities: { parent: [{ id: course }] } },
    };
    const b = {
      ...validStatement(),
      actor: { mbox },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { id: course },
    };
    await c.post([a, b]).expect(200);
    const ids = async (q: string) =>
      (await c.get(q).expect(200)).body.statements.map((x: { id: string }) => x.id).sort();
    const agent = encodeURIComponent(JSON.stringify({ mbox }));
    expect(await ids(`?agent=${agent}`)).toEqual([a.id, b.id].sort());
    expect(await ids(`?agent=${agent}&verb=${encodeURIComponent('http://adlnet.gov/expapi/verbs/completed')}`)).toEqual(
      [b.id],
    );
    expect(await ids(`?activity=${encodeURIComponent(course)}`)).toEqual([b.id]);
    expect(await ids(`?activity=${encodeURIComponent(course)}&related_activities=true`)).toEqual([a.id, b.id].sort());
    expect(await ids(`?registration=${registration}`)).toEqual([a.id]);
    const idsFormat = await c.get(`?registration=${registration}&format=ids`).expect(200);
    expect(idsFormat.body.statements[0].object).toEqual({ objectType: 'Activity', id: a.object.id });
  });

  it('pages with a more link that stays stable while new statements arrive', async () => {
    const c = await client('all');
    const course = `http://example.org/courses/${randomUUID()}`;
    const batch = Array.from({ length: 5 }, () => ({ ...validStatement(), object: { id: course } }));
    await c.post(batch).expect(200);
    const first = await c.get(`?activity=${encodeURIComponent(course)}&limit=2`).expect(200);
    expect(first.body.statements).toHaveLength(2);
    expect(first.body.more).toMatch(/^\/xapi\/statements\?/);
    await c.post({ ...validStatement(), object: { id: course } }).expect(200);
    const seen = [...first.body.statements];
    let more = first.body.more as string;
    while (more) {
      const page = await t.request
        .get(more)
        .set(V)
        .set('Authorization', first.request.getHeader('Authorization') as string)
        .expect(200);
      seen.push(...page.body.statements);
      more = page.body.more;
    }
    expect(seen.map((s: { id: string }) => s.id).sort()).toEqual(batch.map((s) => s.id).sort());
  });

  it('returns each statement of a page whole and in order, whatever characters its strings hold', async () => {
    // The page travels from the database as one text value, statements separated by chr(30).
    const c = await client('all');
    const course = `http://example.org/courses/${randomUUID()}`;
    const odd = ['record\u001eseparator', 'two  spaces\nand a line', '42 {"seq": 7} [ ]', 'émigré 移民 🙂'];
    const batch = odd.map((text) => ({
      ...validStatement(),
      object: { id: course },
      result: { response: text, extensions: { 'http://example.org/ext': { text } } },
    }));
    await c.post(batch).expect(200);
    const page = async (ascending: boolean) =>
      (await c.get(`?activity=${encodeURIComponent(course)}&ascending=${ascending}`).expect(200)).body.statements as {
        id: string;
        result: { response: string };
      }[];
    const ascending = await page(true);
    expect(ascending.map((s) => s.id)).toEqual(batch.map((s) => s.id));
    expect(ascending.map((s) => s.result.response)).toEqual(odd);
    expect((await page(false)).map((s) => s.id)).toEqual(batch.map((s) => s.id).reverse());
  });

  it('plans every query for its own values, also when the query is prepared once', async () => {
    // A plan made once for any value would treat an activity in every statement like a rare one.
    const [setting] = await rows<{ plan_cache_mode: string }>(t.database.db, sql`show plan_cache_mode`);
    expect(setting.plan_cache_mode).toBe(t.database.kind === 'postgres' ? 'force_custom_plan' : 'auto');
  });
});

describe('authorisation', () => {
  it('needs the scope for each action', async () => {
    const writer = await client('statements/write');
    await writer.get('').expect(403);
    const reader = await client('statements/read');
    await reader.post(validStatement()).expect(403);
  });

  it('gives statements/read/mine only what that credential stored', async () => {
    const mine = await client('statements/write', 'statements/read/mine');
    const other = await client('all');
    const a = validStatement();
    const b = validStatement();
    await mine.post(a).expect(200);
    await other.post(b).expect(200);
    const list = (await mine.get('?limit=500').expect(200)).body.statements.map((s: { id: string }) => s.id);
    expect(list).toContain(a.id);
    expect(list).not.toContain(b.id);
    await mine.get(`?statementId=${b.id}`).expect(404);
  });

  it('lets a signed-in learner record and read only statements about themself', async () => {
    const email = `xapi${Date.now()}@example.org`;
    const user = await createUser(t.database.db, { email, password: 'a learner passphrase', role: 'learner' });
    const agent = await browserAgent(t.app);
    await agent.post('/api/auth/signin').send({ email, password: 'a learner passphrase' }).expect(200);
    const me = { objectType: 'Agent', account: { homePage: 'http://localhost:3000', name: user.id } };
    const res = await agent
      .post('/xapi/statements')
      .set(V)
      .send({ ...validStatement(), actor: me })
      .expect(200);
    const forOther = await agent.post('/xapi/statements').set(V).send(validStatement()).expect(403);
    expect(forOther.body.error.message).toMatch(/actor is themself/);
    const stored = await agent.get(`/xapi/statements?statementId=${res.body[0]}`).set(V).expect(200);
    expect(stored.body.authority).toEqual(me);
    const list = await agent.get('/xapi/statements').set(V).expect(200);
    expect(list.body.statements.length).toBeGreaterThan(0);
    for (const s of list.body.statements) expect(s.actor).toEqual(me);
  });
});

describe('credential administration', () => {
  it('lets an admin create, list and revoke credentials; others get 403', async () => {
    const email = `lrsadmin${Date.now()}@example.org`;
    await createUser(t.database.db, { email, password: 'an admin passphrase', role: 'admin' });
    const admin = await browserAgent(t.app);
    await admin.post('/api/auth/signin').send({ email, password: 'an admin passphrase' }).expect(200);
    const created = await admin
      .post('/api/admin/lrs/credentials')
      .send({ label: 'Zagreb tool', scopes: ['statements/write'] })
      .expect(201);
    const auth = `Basic ${Buffer.from(`${created.body.key}:${created.body.secret}`).toString('base64')}`;
    await t.request.post('/xapi/statements').set(V).set('Authorization', auth).send(validStatement()).expect(200);
    const list = await admin.get('/api/admin/lrs/credentials').expect(200);
    expect(list.body.credentials.map((c: { key: string }) => c.key)).toContain(created.body.key);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    await admin.delete(`/api/admin/lrs/credentials/${created.body.key}`).expect(204);
    await t.request.post('/xapi/statements').set(V).set('Authorization', auth).send(validStatement()).expect(401);
    await admin
      .post('/api/admin/lrs/credentials')
      .send({ label: 'x', scopes: ['everything'] })
      .expect(400);
    await t.request.get('/api/admin/lrs/credentials').expect(401);
  });
});

describe('validation', () => {
  it(`refuses each of ${MALFORMED.length} malformed statements with a message naming the property and rule, storing nothing`, async () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(60);
    const c = await client('all');
    const before = await count();
    for (const [name, statement, message] of MALFORMED) {
      const res = await c.post([validStatement(), statement]);
      expect(`${name}: ${res.status}`).toBe(`${name}: 400`);
      expect(`${name}: ${res.body.error.message}`).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it.each([
    ['?agent=notjson', /agent must be an Agent or Group as JSON/],
    [`?agent=${encodeURIComponent(JSON.stringify({ mbox: 'x' }))}`, /agent.mbox: must be a mailto: IRI/],
    ['?since=yesterday', /since must be an ISO 8601 timestamp/],
    ['?limit=-1', /limit must be 0 or more/],
    ['?format=full', /format must be ids, exact or canonical/],
    ['?statementId=abc', /statementId must be a UUID/],
    [`?statementId=${randomUUID()}&verb=http://x.org/v`, /only format and attachments may be sent/],
    ['?colour=red', /Unrecognized key/i],
  ])('refuses the query %s', async (query, message) => {
    const c = await client('all');
    const res = await c.get(query).expect(400);
    expect(res.body.error.message).toMatch(message);
  });
});
