/**
 * One test per xAPI requirement that an independent conformance run found failing, each named by
 * the section of xAPI 1.0.3 (Data / Communication) or IEEE 9274.1.1 (xAPI 2.0) it comes from and
 * checked in both versions where the requirement holds in both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { CompactSign } from 'jose';
import { createTestApp, signedIn, type TestApp } from '../support/app';
import { multipart, sha256, xapiClient } from '../support/xapi';
import { validStatement } from '../fixtures/xapi-statements';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const VERSIONS = ['1.0.3', '2.0.0'];
const agent = (name: string) => ({ objectType: 'Agent', name, mbox: `mailto:${name.toLowerCase()}@example.org` });

describe.each(VERSIONS)('Communication 2.1.3, GET statements (xAPI %s)', (version) => {
  it.each([
    'limit=1',
    'ascending=true',
    'related_agents=false',
    'verb=http://example.org/v',
    'since=2024-01-01T00:00:00Z',
  ])(
    '"MUST reject with an HTTP 400 error any requests ... which contain statementId or voidedStatementId parameters, and also contain any other parameter besides attachments or format": %s',
    async (other) => {
      const c = await xapiClient(t, version, 'all');
      const s = validStatement();
      await c.post(s).expect(200);
      for (const name of ['statementId', 'voidedStatementId']) {
        const res = await c.get(`?${name}=${s.id}&${other}`).expect(400);
        expect(res.body.error.message).toMatch(/only format and attachments may be sent/);
      }
      await c.get(`?statementId=${s.id}&format=ids&attachments=false`).expect(200);
    },
  );

  it('"The LRS MUST include the header X-Experience-API-Consistent-Through ... on all responses for statements requests", errors included', async () => {
    const c = await xapiClient(t, version, 'all');
    for (const [query, status] of [
      [`?statementId=${randomUUID()}`, 404],
      ['?limit=-1', 400],
      ['?statementId=x&limit=1', 400],
      ['?limit=2', 200],
    ] as const) {
      const res = await c.get(query).expect(status);
      expect(Date.parse(res.headers['x-experience-api-consistent-through'])).not.toBeNaN();
    }
    const anonymous = await t.request.get('/xapi/statements').set('X-Experience-API-Version', version).expect(401);
    expect(anonymous.headers['x-experience-api-consistent-through']).toBeDefined();
  });

  it('"canonical: return Activity Objects and Verbs populated with the canonical definition ... in the best matching language", and not without format=canonical', async () => {
    const c = await xapiClient(t, version, 'all');
    const s = {
      ...validStatement(),
      verb: { id: 'http://example.org/verbs/read', display: { 'en-US': 'read', 'it-IT': 'letto', de: 'gelesen' } },
      object: {
        id: `http://example.org/a/${randomUUID()}`,
        definition: { name: { en: 'Module', it: 'Modulo' }, description: { en: 'About it', it: 'Su di esso' } },
      },
    };
    await c.post(s).expect(200);
    const canonical = await c
      .get(`?statementId=${s.id}&format=canonical`)
      .set('Accept-Language', 'it-IT, en;q=0.5')
      .expect(200);
    expect(canonical.body.verb.display).toEqual({ 'it-IT': 'letto' });
    expect(canonical.body.object.definition).toEqual({ name: { it: 'Modulo' }, description: { it: 'Su di esso' } });
    const exact = await c.get(`?statementId=${s.id}`).set('Accept-Language', 'it-IT').expect(200);
    expect(exact.body.verb.display).toEqual(s.verb.display);
    const list = await c
      .get(`?verb=${encodeURIComponent(s.verb.id)}&format=canonical&limit=1`)
      .set('Accept-Language', 'de');
    expect(list.body.statements[0].verb.display).toEqual({ de: 'gelesen' });
  });

  it('"ids: only include minimum information necessary in Agent, Activity, Verb and Group Objects to identify them" everywhere in the statement', async () => {
    const c = await xapiClient(t, version, 'all');
    const s = {
      ...validStatement(),
      actor: { objectType: 'Group', name: 'Team', member: [agent('Ann'), agent('Bob')] },
      object: {
        objectType: 'SubStatement',
        actor: agent('Cid'),
        verb: { id: 'http://example.org/v', display: { en: 'v' } },
        object: agent('Dee'),
        context: { instructor: agent('Eve') },
      },
      context: {
        instructor: agent('Fay'),
        team: { objectType: 'Group', name: 'Crew', mbox: 'mailto:crew@example.org', member: [agent('Gus')] },
      },
    };
    await c.post(s).expect(200);
    const res = await c.get(`?statementId=${s.id}&format=ids`).expect(200);
    const text = JSON.stringify(res.body);
    for (const name of ['Team', 'Ann', 'Bob', 'Cid', 'Dee', 'Eve', 'Fay', 'Crew', 'Gus'])
      expect(text).not.toContain(`"${name}"`);
    expect(res.body.actor).toEqual({
      objectType: 'Group',
      member: [
        { objectType: 'Agent', mbox: 'mailto:ann@example.org' },
        { objectType: 'Agent', mbox: 'mailto:bob@example.org' },
      ],
    });
    expect(res.body.context.team).toEqual({ objectType: 'Group', mbox: 'mailto:crew@example.org' });
    expect(res.body.verb).toEqual({ id: s.verb.id });
    expect(res.body.authority.name).toBeUndefined();
    expect(res.body.authority.account).toBeDefined();
  });
});

describe.each(VERSIONS)('About and versioning, Communication 2.8 and 3.3 (xAPI %s)', (version) => {
  it('"requests to all other resources [than About] without the X-Experience-API-Version header MUST be rejected with 400"', async () => {
    const c = await xapiClient(t, version, 'all');
    const agentParam = encodeURIComponent(JSON.stringify({ mbox: 'mailto:v@example.org' }));
    for (const path of [
      '/xapi/statements',
      `/xapi/activities/state?activityId=http://example.org/a&agent=${agentParam}&stateId=s`,
      '/xapi/activities/profile?activityId=http://example.org/a',
      `/xapi/agents/profile?agent=${agentParam}`,
      '/xapi/activities?activityId=http://example.org/a',
      `/xapi/agents?agent=${agentParam}`,
    ]) {
      const res = await t.request.get(path).set('Authorization', c.auth);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.message).toMatch(/X-Experience-API-Version/);
      const ok = await t.request.get(path).set('Authorization', c.auth).set('X-Experience-API-Version', version);
      expect(ok.status).toBeLessThan(500);
      expect(ok.headers['x-experience-api-version']).toBe(version);
    }
    const about = await t.request.get('/xapi/about').expect(200);
    expect(about.body.version).toEqual(expect.arrayContaining(['1.0.3', '2.0.0']));
  });

  it('"the LRS MUST include the X-Experience-API-Version header in every response", errors included', async () => {
    const c = await xapiClient(t, version, 'all');
    const answers = [
      await t.request.get('/xapi/about'),
      await t.request.get('/xapi/statements').set('X-Experience-API-Version', version),
      await c.get('?limit=x'),
      await c.get(`?statementId=${randomUUID()}`),
      await t.request.get('/xapi/nothing-here').set('X-Experience-API-Version', version).set('Authorization', c.auth),
      await t.request.get('/xapi/statements').set('Authorization', c.auth),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 404, 404, 400]);
    for (const a of answers) expect(a.headers['x-experience-api-version']).toMatch(/^(1\.0\.3|2\.0\.0)$/);
  });
});

describe.each(VERSIONS)('Data (xAPI %s)', (version) => {
  it('2.4.9 authority: "if a Group is used, it MUST be an anonymous Group with exactly two Agents" (an OAuth consumer and a user)', async () => {
    const c = await xapiClient(t, version, 'all');
    const consumer = { objectType: 'Agent', account: { homePage: 'http://example.org/oauth', name: 'consumer' } };
    const pair = { objectType: 'Group', member: [consumer, agent('User')] };
    await c.post({ ...validStatement(), authority: pair }).expect(200);
    for (const bad of [
      { ...pair, mbox: 'mailto:group@example.org' },
      { objectType: 'Group', member: [consumer] },
      { objectType: 'Group', member: [consumer, agent('User'), agent('Third')] },
    ]) {
      const res = await c.post({ ...validStatement(), authority: bad }).expect(400);
      expect(res.body.error.message).toMatch(/statement\.authority.*(anonymous Group|exactly two Agents)/);
    }
  });

  it('2.4.6.2 context activities: "the LRS MUST return single Activity Objects as an array of length one", in statements and SubStatements', async () => {
    const c = await xapiClient(t, version, 'all');
    const parent = { id: 'http://example.org/course', objectType: 'Activity' };
    const s = {
      ...validStatement(),
      context: { contextActivities: { parent, grouping: [parent] } },
      object: {
        objectType: 'SubStatement',
        actor: agent('Sub'),
        verb: { id: 'http://example.org/v' },
        object: { id: 'http://example.org/sub' },
        context: { contextActivities: { category: { id: 'http://example.org/cat' } } },
      },
    };
    await c.post(s).expect(200);
    const got = await c.get(`?statementId=${s.id}`).expect(200);
    expect(got.body.context.contextActivities).toEqual({ parent: [parent], grouping: [parent] });
    expect(got.body.object.context.contextActivities).toEqual({ category: [{ id: 'http://example.org/cat' }] });
    // The same statement sent again with the array form is the same statement, not a conflict.
    await c.post({ ...s, context: { contextActivities: { parent: [parent], grouping: [parent] } } }).expect(200);
  });

  it.each(['correctResponsesPattern', 'choices', 'scale', 'source', 'target', 'steps'])(
    '2.4.4.1 interaction activities: "an interaction component ... MUST have an interactionType": %s alone is 400',
    async (component) => {
      const c = await xapiClient(t, version, 'all');
      const value = component === 'correctResponsesPattern' ? ['a'] : [{ id: 'a', description: { en: 'A' } }];
      const res = await c
        .post({ ...validStatement(), object: { id: 'http://example.org/q', definition: { [component]: value } } })
        .expect(400);
      expect(res.body.error.message).toMatch(new RegExp(`definition\\.${component}: .*interactionType`));
    },
  );

  it('4.6 durations: "MUST be expressed using the format for Duration in ISO 8601:2004(E) section 4.4.3.2": weeks do not mix with other units', async () => {
    const c = await xapiClient(t, version, 'all');
    for (const duration of ['P4W1D', 'P1Y2W', 'P2WT1H'])
      expect((await c.post({ ...validStatement(), result: { duration } })).status).toBe(400);
    for (const duration of ['P4W', 'P1Y2M3DT4H5M6.5S', 'PT0.01S'])
      await c.post({ ...validStatement(), result: { duration } }).expect(200);
  });

  it('4.5 timestamps: invalid calendar dates and times are refused everywhere, never a 500', async () => {
    const c = await xapiClient(t, version, 'all');
    for (const timestamp of [
      '2024-02-30T10:00:00Z',
      '2023-02-29T10:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-13-01T10:00:00Z',
      '0000-01-01T00:00:00Z',
      '2024-01-01T10:60:00Z',
    ]) {
      const res = await c.post({ ...validStatement(), timestamp });
      expect([timestamp, res.status]).toEqual([timestamp, 400]);
    }
    await c.post({ ...validStatement(), timestamp: '2024-02-29T23:59:59.999+01:00' }).expect(200);
    for (const since of ['0000-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z'])
      expect((await c.get(`?since=${encodeURIComponent(since)}`)).status).toBe(400);
    const agentParam = encodeURIComponent(JSON.stringify({ mbox: 'mailto:d@example.org' }));
    const docs = await t.request
      .get(`/xapi/agents/profile?agent=${agentParam}&since=0000-01-01T00:00:00Z`)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', version);
    expect(docs.status).toBe(400);
  });
});

describe('voiding: who may void what (README, LRS section)', () => {
  const voiding = (actor: unknown, target: string) => ({
    actor,
    verb: { id: 'http://adlnet.gov/expapi/verbs/voided', display: { 'en-US': 'voided' } },
    object: { objectType: 'StatementRef', id: target },
  });
  const V = { 'X-Experience-API-Version': '1.0.3' };
  const me = (id: string) => ({ objectType: 'Agent', account: { homePage: 'http://localhost:3000', name: id } });

  it("a learner's session voids only statements about that learner that the learner recorded", async () => {
    const ann = await signedIn(t);
    const bob = await signedIn(t);
    const annStatement = { ...validStatement(), actor: me(ann.id) };
    const bobStatement = { ...validStatement(), actor: me(bob.id) };
    await ann.agent.post('/xapi/statements').set(V).send(annStatement).expect(200);
    await bob.agent.post('/xapi/statements').set(V).send(bobStatement).expect(200);
    const refused = await ann.agent
      .post('/xapi/statements')
      .set(V)
      .send(voiding(me(ann.id), bobStatement.id))
      .expect(403);
    expect(refused.body.error.message).toMatch(/a learner may void only statements about themself/);
    const c = await xapiClient(t, '1.0.3', 'all');
    await c.get(`?statementId=${bobStatement.id}`).expect(200);
    // A statement about Ann that a tool recorded is not Ann's to void either.
    const byTool = { ...validStatement(), actor: me(ann.id) };
    await c.post(byTool).expect(200);
    await ann.agent
      .post('/xapi/statements')
      .set(V)
      .send(voiding(me(ann.id), byTool.id))
      .expect(403);
    await ann.agent
      .post('/xapi/statements')
      .set(V)
      .send(voiding(me(ann.id), annStatement.id))
      .expect(200);
    await c.get(`?voidedStatementId=${annStatement.id}`).expect(200);
  });

  it('a credential voids only statements it stored, unless it has the all scope', async () => {
    const first = await xapiClient(t, '1.0.3', 'statements/write', 'statements/read');
    const second = await xapiClient(t, '1.0.3', 'statements/write');
    const admin = await xapiClient(t, '1.0.3', 'all');
    const [a, b] = [validStatement(), validStatement()];
    await first.post([a, b]).expect(200);
    const refused = await second.post(voiding(agent('Tool'), a.id)).expect(403);
    expect(refused.body.error.message).toMatch(/stored by another one/);
    await first.get(`?statementId=${a.id}`).expect(200);
    await first.post(voiding(agent('Tool'), a.id)).expect(200);
    await admin.post(voiding(agent('Admin'), b.id)).expect(200);
    await admin.get(`?voidedStatementId=${b.id}`).expect(200);
  });
});

describe('cross-site requests with the session', () => {
  it('refuses the alternate request syntax (?method=) with the session cookie, and takes it with LRS credentials', async () => {
    const learner = await signedIn(t);
    const statement = {
      ...validStatement(),
      actor: { account: { homePage: 'http://localhost:3000', name: learner.id } },
    };
    const fields = {
      'X-Experience-API-Version': '1.0.3',
      'Content-Type': 'application/json',
      content: JSON.stringify(statement),
    };
    const refused = await learner.agent
      .post('/xapi/statements?method=POST')
      .type('form')
      .send(new URLSearchParams(fields).toString())
      .expect(403);
    expect(refused.body.error.message).toMatch(/alternate request syntax .* LRS credentials/);
    const c = await xapiClient(t, '1.0.3', 'all');
    await c.get(`?statementId=${statement.id}`).expect(404);
    await t.request
      .post('/xapi/statements?method=POST')
      .type('form')
      .send(new URLSearchParams({ ...fields, Authorization: c.auth }).toString())
      .expect(200);
    await c.get(`?statementId=${statement.id}`).expect(200);
  });
});

describe('documents', () => {
  const agentParam = () => encodeURIComponent(JSON.stringify({ mbox: `mailto:${randomUUID()}@example.org` }));

  it('2.0 concurrency (conformance 4.1.4): a PUT to an existing State document without If-Match or If-None-Match is 409, and the document is unchanged', async () => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const path = `/xapi/activities/state?activityId=http://example.org/a&agent=${agentParam()}&stateId=bookmark`;
    const send = (version: string) =>
      t.request
        .put(path)
        .set('Authorization', c.auth)
        .set('X-Experience-API-Version', version)
        .set('Content-Type', 'text/plain');
    await send('2.0.0').send('page 1').expect(204);
    const refused = await send('2.0.0').send('page 2').expect(409);
    expect(refused.body.error.message).toMatch(/If-Match/);
    const got = await t.request
      .get(path)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', '2.0.0')
      .expect(200);
    expect(got.text).toBe('page 1');
    await send('2.0.0').set('If-Match', got.headers.etag).send('page 2').expect(204);
    // xAPI 1.0.3 has no such rule for State: the document is replaced.
    await send('1.0.3').send('page 3').expect(204);
  });

  it.each([
    ['activity profile', () => `/xapi/activities/profile?activityId=http://example.org/${randomUUID()}&profileId=p`],
    ['agent profile', () => `/xapi/agents/profile?agent=${agentParam()}&profileId=p`],
  ])('Communication 2.6/2.7, %s: concurrency, JSON merge and the list of ids', async (_name, pathOf) => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const path = pathOf();
    const V = { Authorization: c.auth, 'X-Experience-API-Version': '2.0.0' };
    await t.request.put(path).set(V).set('If-None-Match', '*').send({ a: 1 }).expect(204);
    await t.request.put(path).set(V).set('If-None-Match', '*').send({ a: 2 }).expect(412);
    await t.request.put(path).set(V).send({ a: 2 }).expect(409);
    await t.request.put(path).set(V).set('If-Match', '"not-the-etag"').send({ a: 2 }).expect(412);
    await t.request.post(path).set(V).send({ b: 2 }).expect(204);
    const got = await t.request.get(path).set(V).expect(200);
    expect(got.body).toEqual({ a: 1, b: 2 });
    await t.request.post(path).set(V).set('Content-Type', 'text/plain').send('not json').expect(400);
    const ids = await t.request.get(path.replace('&profileId=p', '')).set(V).expect(200);
    expect(ids.body).toEqual(['p']);
    await t.request.delete(path).set(V).set('If-Match', got.headers.etag).expect(204);
    await t.request.get(path).set(V).expect(404);
  });
});

describe.each(VERSIONS)('Communication 2.5, activities (xAPI %s)', (version) => {
  it('GET /activities returns the definition merged from every statement that defined the activity', async () => {
    const c = await xapiClient(t, version, 'all');
    const id = `http://example.org/activities/${randomUUID()}`;
    const define = (definition: object) => c.post({ ...validStatement(), object: { id, definition } }).expect(200);
    await define({ name: { en: 'Reading' }, description: { en: 'Read it' }, type: 'http://example.org/types/old' });
    await define({ name: { it: 'Lettura' }, type: 'http://example.org/types/new' });
    await define({ name: { en: 'Reading, revised' } });
    const res = await t.request
      .get(`/xapi/activities?activityId=${encodeURIComponent(id)}`)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', version)
      .expect(200);
    expect(res.body).toEqual({
      objectType: 'Activity',
      id,
      definition: {
        name: { en: 'Reading, revised', it: 'Lettura' },
        description: { en: 'Read it' },
        type: 'http://example.org/types/new',
      },
    });
  });
});

describe('Data 2.6, signed statements', () => {
  const FIXTURES = path.resolve(__dirname, '../fixtures/xapi-signing');
  const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
  const der = (name: string) => new X509Certificate(read(name)).raw.toString('base64');
  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  /** A JWS made as TinCanJS and the ADL wrapper make it (jsrsasign): RSASSA-PKCS1-v1_5 over header.payload. */
  function referenceJws(payload: unknown, alg: string, keyFile: string, x5c: string[]) {
    const input = `${b64url({ alg, x5c })}.${b64url(payload)}`;
    const signature = sign(`sha${alg.slice(2)}`, Buffer.from(input), createPrivateKey(read(keyFile)));
    return `${input}.${signature.toString('base64url')}`;
  }

  function withSignature(statement: Record<string, unknown>, jws: string) {
    return multipart(
      {
        ...statement,
        attachments: [
          {
            usageType: 'http://adlnet.gov/expapi/attachments/signature',
            display: { 'en-US': 'Signature' },
            contentType: 'application/octet-stream',
            length: jws.length,
            sha2: sha256(jws),
          },
        ],
      },
      [{ content: jws, contentType: 'application/octet-stream' }],
    );
  }

  it.each(VERSIONS)(
    '"the LRS MUST ... accept" RS256, RS384 and RS512 signatures made the way the reference tools make them, with a 1,024-bit key (xAPI %s)',
    async (version) => {
      const c = await xapiClient(t, version, 'all');
      for (const alg of ['RS256', 'RS384', 'RS512']) {
        const s = validStatement();
        const res = await c.postMultipart(
          withSignature(s, referenceJws(s, alg, 'key-1024.pem', [der('cert-1024.pem')])),
        );
        expect([alg, res.status, res.body]).toEqual([alg, 200, [s.id]]);
      }
      // A tampered statement still fails.
      const s = validStatement();
      const jws = referenceJws({ ...s, verb: { id: 'http://example.org/other' } }, 'RS256', 'key-1024.pem', [
        der('cert-1024.pem'),
      ]);
      await c.postMultipart(withSignature(s, jws)).expect(400);
    },
  );

  it('accepts a signature made by another implementation (jose) with a certificate chain and JWT claims in the payload', async () => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const s = validStatement();
    const jws = await new CompactSign(Buffer.from(JSON.stringify({ ...s, iat: Math.floor(Date.now() / 1000) })))
      .setProtectedHeader({ alg: 'RS384', x5c: [der('leaf-cert.pem'), der('ca-cert.pem')] })
      .sign(createPrivateKey(read('leaf-key.pem')));
    await c.postMultipart(withSignature(s, jws)).expect(200);
    // Signed by the leaf's key, but presented with the CA certificate first: refused.
    const other = validStatement();
    const wrong = await new CompactSign(Buffer.from(JSON.stringify(other)))
      .setProtectedHeader({ alg: 'RS256', x5c: [der('ca-cert.pem'), der('leaf-cert.pem')] })
      .sign(createPrivateKey(read('leaf-key.pem')));
    const res = await c.postMultipart(withSignature(other, wrong));
    expect(res.body.error.message).toMatch(/does not verify with the key of the first certificate/);
    expect(res.status).toBe(400);
  });
});
