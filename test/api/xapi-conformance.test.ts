import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app';
import { xapiClient } from '../support/xapi';
import { validStatement } from '../fixtures/xapi-statements';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const count = async () =>
  Number(
    (
      (await t.database.db.execute(sql`select count(*)::int as n from xapi_statements`)) as unknown as {
        rows: { n: number }[];
      }
    ).rows[0].n,
  );

/** A request in the 1.0.3 alternate syntax: POST ?method=…, everything else as form fields. */
const alternate = (path: string, method: string, fields: Record<string, string>) =>
  t.request.post(`/xapi/${path}?method=${method}`).type('form').send(new URLSearchParams(fields).toString());

describe('the alternate request syntax (xAPI 1.0.3)', () => {
  it('stores and reads statements with PUT, POST and GET sent as forms', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const headers = { Authorization: c.auth, 'X-Experience-API-Version': '1.0.3' };
    const s = validStatement();
    await alternate('statements', 'PUT', {
      ...headers,
      statementId: s.id,
      'Content-Type': 'application/json',
      content: JSON.stringify({ ...s, id: undefined }),
    }).expect(204);
    const got = await alternate('statements', 'GET', { ...headers, statementId: s.id }).expect(200);
    expect(got.body.id).toBe(s.id);
    expect(got.headers['x-experience-api-version']).toBe('1.0.3');
    const posted = validStatement();
    const res = await alternate('statements', 'POST', { ...headers, content: JSON.stringify(posted) }).expect(200);
    expect(res.body).toEqual([posted.id]);
    const list = await alternate('statements', 'GET', { ...headers, activity: posted.object.id }).expect(200);
    expect(list.body.statements.map((x: { id: string }) => x.id)).toEqual([posted.id]);
  });

  it('works for documents: PUT, GET and DELETE of a state', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const key = {
      Authorization: c.auth,
      'X-Experience-API-Version': '1.0.3',
      activityId: 'http://example.org/activities/alt',
      agent: JSON.stringify({ mbox: 'mailto:alt@example.org' }),
      stateId: randomUUID(),
    };
    await alternate('activities/state', 'PUT', { ...key, 'Content-Type': 'text/plain', content: 'bookmark 12' }).expect(
      204,
    );
    const got = await alternate('activities/state', 'GET', key).expect(200);
    expect(got.text).toBe('bookmark 12');
    await alternate('activities/state', 'DELETE', key).expect(204);
    await alternate('activities/state', 'GET', key).expect(404);
  });

  it.each([
    [
      'other query parameters',
      '/xapi/statements?method=GET&limit=1',
      /the only query parameter is method: send limit as form fields/,
    ],
    ['an unknown method', '/xapi/statements?method=PATCH', /method must be GET, PUT, POST or DELETE/],
  ])('refuses %s with 400', async (_name, url, message) => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const res = await t.request
      .post(url)
      .type('form')
      .send(new URLSearchParams({ Authorization: c.auth, 'X-Experience-API-Version': '1.0.3' }).toString())
      .expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses a body that is not a form, and refuses the syntax under xAPI 2.0', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const notForm = await t.request
      .post('/xapi/statements?method=GET')
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', '1.0.3')
      .send({})
      .expect(400);
    expect(notForm.body.error.message).toMatch(/application\/x-www-form-urlencoded/);
    const before = await count();
    const v2 = await alternate('statements', 'POST', {
      Authorization: c.auth,
      'X-Experience-API-Version': '2.0.0',
      content: JSON.stringify(validStatement()),
    }).expect(400);
    expect(v2.body.error.message).toMatch(/xAPI 2\.0 has no alternate request syntax/);
    expect(await count()).toBe(before);
  });
});

describe('rules that differ between xAPI 1.0.3 and 2.0', () => {
  const contextAgents = [
    {
      objectType: 'contextAgent',
      agent: { mbox: 'mailto:mentor@example.org' },
      relevantTypes: ['http://example.org/mentor'],
    },
  ];
  const contextGroups = [
    { objectType: 'contextGroup', group: { objectType: 'Group', mbox: 'mailto:team@example.org' } },
  ];

  it('takes contextAgents and contextGroups under 2.0 only', async () => {
    const v2 = await xapiClient(t, '2.0.0', 'all');
    const v1 = await xapiClient(t, '1.0.3', 'all');
    const s = { ...validStatement(), context: { contextAgents, contextGroups } };
    await v2.post(s).expect(200);
    const refused = await v1.post({ ...s, id: randomUUID() }).expect(400);
    expect(refused.body.error.message).toMatch(/context\.contextAgents: is a property of xAPI 2\.0 only/);
    expect(refused.body.error.message).toMatch(/context\.contextGroups: is a property of xAPI 2\.0 only/);
  });

  it.each([
    [
      { contextAgents: [{ agent: { mbox: 'mailto:a@example.org' } }] },
      /contextAgents\[0\]\.objectType: must be "contextAgent"/,
    ],
    [{ contextAgents: [{ objectType: 'contextAgent' }] }, /contextAgents\[0\]\.agent: is required/],
    [
      { contextAgents: [{ objectType: 'contextAgent', agent: { objectType: 'Group', mbox: 'mailto:g@example.org' } }] },
      /agent: must be an Agent, not a Group/,
    ],
    [
      { contextAgents: [{ objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.org' }, relevantTypes: [] }] },
      /relevantTypes: must be a non-empty array of IRIs/,
    ],
    [
      {
        contextAgents: [
          { objectType: 'contextAgent', agent: { mbox: 'mailto:a@example.org' }, relevantTypes: ['mentor'] },
        ],
      },
      /relevantTypes\[0\]: must be an absolute IRI/,
    ],
    [
      { contextGroups: [{ objectType: 'contextGroup', group: { mbox: 'mailto:a@example.org' } }] },
      /contextGroups\[0\]\.group: must be a Group/,
    ],
    [{ contextGroups: {} }, /contextGroups: must be an array of contextGroup objects/],
  ])('refuses a malformed 2.0 context %#', async (context, message) => {
    const v2 = await xapiClient(t, '2.0.0', 'all');
    const res = await v2.post({ ...validStatement(), context }).expect(400);
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses the offset -00:00 in both, and takes RFC 3339 spaces and 2.0 statement versions under 2.0 only', async () => {
    const v2 = await xapiClient(t, '2.0.0', 'all');
    const v1 = await xapiClient(t, '1.0.3', 'all');
    for (const c of [v1, v2]) {
      const res = await c.post({ ...validStatement(), timestamp: '2024-05-01T10:00:00-00:00' }).expect(400);
      expect(res.body.error.message).toMatch(/timestamp: must be an .* timestamp with a time zone other than -00:00/);
    }
    await v2.post({ ...validStatement(), timestamp: '2024-05-01 10:00:00+02:00' }).expect(200);
    await v1.post({ ...validStatement(), timestamp: '2024-05-01 10:00:00+02:00' }).expect(400);
    await v2.post({ ...validStatement(), version: '2.0.0' }).expect(200);
    const old = await v1.post({ ...validStatement(), version: '2.0.0' }).expect(400);
    expect(old.body.error.message).toMatch(/version: must be an xAPI version 1\.0\.x/);
    await v2.get('?since=2024-05-01T10:00:00-00:00').expect(400);
  });
});

describe('queries and StatementRefs', () => {
  it('returns statements whose StatementRef target matches the filter, through chains, and voiding statements', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const activity = `http://example.org/activities/${randomUUID()}`;
    const target = { ...validStatement(), object: { id: activity } };
    const ref = (id: string) => ({
      ...validStatement(),
      actor: { mbox: `mailto:${randomUUID()}@example.org` },
      verb: { id: 'http://example.org/verbs/endorsed' },
      object: { objectType: 'StatementRef', id },
    });
    const r1 = ref(target.id);
    const r2 = ref(r1.id);
    const unrelated = ref(validStatement().id);
    await c.post([target, r1, r2, unrelated]).expect(200);
    const ids = async (q: string) =>
      (await c.get(q).expect(200)).body.statements.map((x: { id: string }) => x.id).sort();
    const byActivity = `?activity=${encodeURIComponent(activity)}`;
    expect(await ids(byActivity)).toEqual([target.id, r1.id, r2.id].sort());
    expect(await ids(`${byActivity}&verb=${encodeURIComponent(target.verb.id)}`)).toEqual(
      [target.id, r1.id, r2.id].sort(),
    );
    expect(await ids(`?agent=${encodeURIComponent(JSON.stringify(target.actor))}&${byActivity.slice(1)}`)).toEqual(
      [target.id, r1.id, r2.id].sort(),
    );
    // The filter applies to the target as a whole: a verb the target lacks matches neither.
    expect(await ids(`${byActivity}&verb=${encodeURIComponent('http://example.org/verbs/endorsed')}`)).toEqual([]);
    expect(await ids(`${byActivity}&limit=2`)).toHaveLength(2);

    const voiding = {
      ...validStatement(),
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: target.id },
    };
    await c.post(voiding).expect(200);
    expect(await ids(byActivity)).toEqual([r1.id, r2.id, voiding.id].sort());
    // Time filters apply to the referring statement itself.
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await ids(`${byActivity}&since=${later}`)).toEqual([]);
  });

  it('follows a StatementRef chain ten references deep, and no further', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const activity = `http://example.org/activities/${randomUUID()}`;
    const target = { ...validStatement(), object: { id: activity } };
    const chain: { id: string; object: object }[] = [target];
    for (let depth = 1; depth <= 11; depth++)
      chain.push({ ...validStatement(), object: { objectType: 'StatementRef', id: chain[depth - 1].id } });
    await c.post(chain).expect(200);
    const found = (await c.get(`?activity=${encodeURIComponent(activity)}&limit=20`).expect(200)).body.statements.map(
      (x: { id: string }) => x.id,
    );
    expect(found.sort()).toEqual(
      chain
        .slice(0, 11)
        .map((s) => s.id)
        .sort(),
    );
  });

  it('lists a statement that matches in several ways once, in order, on every page', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const me = { mbox: `mailto:${randomUUID()}@example.org` };
    // Matched as actor and as object; then as actor and through its StatementRef.
    const self = { ...validStatement(), actor: me, object: { objectType: 'Agent', ...me } };
    const endorsement = {
      ...validStatement(),
      actor: me,
      verb: { id: 'http://example.org/verbs/endorsed' },
      object: { objectType: 'StatementRef', id: self.id },
    };
    const other = { ...validStatement(), actor: me };
    await c.post([self, endorsement, other]).expect(200);
    const byAgent = `?agent=${encodeURIComponent(JSON.stringify(me))}`;
    const newestFirst = [other.id, endorsement.id, self.id];
    const idsOf = (res: { body: { statements: { id: string }[] } }) => res.body.statements.map((s) => s.id);
    expect(idsOf(await c.get(byAgent).expect(200))).toEqual(newestFirst);
    expect(idsOf(await c.get(`${byAgent}&ascending=true`).expect(200))).toEqual([...newestFirst].reverse());

    const seen: string[] = [];
    let page = await c.get(`${byAgent}&limit=1`).expect(200);
    for (;;) {
      seen.push(...idsOf(page));
      if (!page.body.more) break;
      page = await c.get((page.body.more as string).replace('/xapi/statements', '')).expect(200);
    }
    expect(seen).toEqual(newestFirst);
  });
});
