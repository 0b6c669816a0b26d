import { randomUUID } from 'node:crypto';
import type { LrsScope } from '../../server/src/lib/db/schema';
import { createCredential } from '../../server/src/xapi/service';
import { createTestApp, type TestApp } from '../support/app';
import { validStatement } from '../fixtures/xapi-statements';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const V = { 'X-Experience-API-Version': '1.0.3' };
const agent = (n = randomUUID()) => JSON.stringify({ mbox: `mailto:${n}@example.org` });
async function auth(...scopes: LrsScope[]) {
  const c = await createCredential(t.database.db, 'documents test', scopes);
  return `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
}
const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

describe('State resource', () => {
  it('stores, merges, lists and deletes state documents with ETags', async () => {
    const a = await auth('state');
    const base = { activityId: 'http://example.org/modules/m1', agent: agent() };
    const url = (extra: Record<string, string> = {}) => `/xapi/activities/state${q({ ...base, ...extra })}`;
    const put = await t.request
      .put(url({ stateId: 'bookmark' }))
      .set(V)
      .set('Authorization', a)
      .send({ section: 2 })
      .expect(204);
    expect(put.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
    await t.request
      .post(url({ stateId: 'bookmark' }))
      .set(V)
      .set('Authorization', a)
      .send({ scroll: 0.4 })
      .expect(204);
    const got = await t.request
      .get(url({ stateId: 'bookmark' }))
      .set(V)
      .set('Authorization', a)
      .expect(200);
    expect(JSON.parse(got.text)).toEqual({ section: 2, scroll: 0.4 });
    expect(got.headers.etag).not.toBe(put.headers.etag);

    await t.request
      .put(url({ stateId: 'notes' }))
      .set(V)
      .set('Authorization', a)
      .set('Content-Type', 'text/plain')
      .send('plain text')
      .expect(204);
    const text = await t.request
      .get(url({ stateId: 'notes' }))
      .set(V)
      .set('Authorization', a)
      .expect(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    const merge = await t.request
      .post(url({ stateId: 'notes' }))
      .set(V)
      .set('Authorization', a)
      .send({ x: 1 })
      .expect(400);
    expect(merge.body.error.message).toMatch(/merges JSON objects only/);

    const ids = await t.request.get(url()).set(V).set('Authorization', a).expect(200);
    expect(ids.body).toEqual(['bookmark', 'notes']);
    await t.request
      .delete(url({ stateId: 'notes' }))
      .set(V)
      .set('Authorization', a)
      .expect(204);
    await t.request
      .get(url({ stateId: 'notes' }))
      .set(V)
      .set('Authorization', a)
      .expect(404);
    await t.request.delete(url()).set(V).set('Authorization', a).expect(204);
    expect((await t.request.get(url()).set(V).set('Authorization', a).expect(200)).body).toEqual([]);
  });

  it('keeps registrations apart', async () => {
    const a = await auth('state');
    const base = { activityId: 'http://example.org/modules/m2', agent: agent(), stateId: 's' };
    const r1 = randomUUID();
    await t.request
      .put(`/xapi/activities/state${q({ ...base, registration: r1 })}`)
      .set(V)
      .set('Authorization', a)
      .send({ r: 1 })
      .expect(204);
    await t.request
      .get(`/xapi/activities/state${q(base)}`)
      .set(V)
      .set('Authorization', a)
      .expect(404);
    await t.request
      .get(`/xapi/activities/state${q({ ...base, registration: r1 })}`)
      .set(V)
      .set('Authorization', a)
      .expect(200);
  });

  it('honours If-Match and If-None-Match, so concurrent writers never overwrite each other', async () => {
    const a = await auth('state');
    const url = `/xapi/activities/state${q({ activityId: 'http://example.org/m3', agent: agent(), stateId: 'doc' })}`;
    await t.request.put(url).set(V).set('Authorization', a).set('If-None-Match', '*').send({ v: 1 }).expect(204);
    await t.request.put(url).set(V).set('Authorization', a).set('If-None-Match', '*').send({ v: 2 }).expect(412);
    const etag = (await t.request.get(url).set(V).set('Authorization', a)).headers.etag;
    const results = await Promise.all(
      [1, 2, 3].map((v) =>
        t.request
          .put(url)
          .set(V)
          .set('Authorization', a)
          .set('If-Match', etag)
          .send({ v: v + 10 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([204, 412, 412]);
  });

  it('needs the state scope and valid parameters', async () => {
    const url = `/xapi/activities/state${q({ activityId: 'http://example.org/m4', agent: agent(), stateId: 'x' })}`;
    await t.request
      .get(url)
      .set(V)
      .set('Authorization', await auth('statements/read'))
      .expect(403);
    const bad = await t.request
      .get(`/xapi/activities/state${q({ activityId: 'module', agent: agent() })}`)
      .set(V)
      .set('Authorization', await auth('state'))
      .expect(400);
    expect(bad.body.error.message).toMatch(/activityId must be an absolute IRI/);
    await t.request
      .get(`/xapi/activities/state${q({ activityId: 'http://x.org/a', agent: '{"name":"x"}' })}`)
      .set(V)
      .set('Authorization', await auth('state'))
      .expect(400);
  });
});

describe('Activity and Agent Profile resources', () => {
  it('refuses to overwrite an existing profile without a precondition', async () => {
    const a = await auth('define');
    const url = `/xapi/activities/profile${q({ activityId: `http://example.org/a/${randomUUID()}`, profileId: 'p' })}`;
    await t.request.put(url).set(V).set('Authorization', a).send({ v: 1 }).expect(204);
    const res = await t.request.put(url).set(V).set('Authorization', a).send({ v: 2 }).expect(409);
    expect(res.body.error.message).toMatch(/send If-Match/);
    const etag = (await t.request.get(url).set(V).set('Authorization', a).expect(200)).headers.etag;
    await t.request.put(url).set(V).set('Authorization', a).set('If-Match', etag).send({ v: 2 }).expect(204);
    await t.request.post(url).set(V).set('Authorization', a).send({ w: 3 }).expect(204);
    expect(JSON.parse((await t.request.get(url).set(V).set('Authorization', a)).text)).toEqual({ v: 2, w: 3 });
  });

  it('stores agent profiles and lists their ids since a time', async () => {
    const a = await auth('define');
    const who = agent();
    const before = new Date(Date.now() - 1000).toISOString();
    await t.request
      .put(`/xapi/agents/profile${q({ agent: who, profileId: 'prefs' })}`)
      .set(V)
      .set('Authorization', a)
      .send({ lang: 'it' })
      .expect(204);
    const ids = await t.request
      .get(`/xapi/agents/profile${q({ agent: who, since: before })}`)
      .set(V)
      .set('Authorization', a)
      .expect(200);
    expect(ids.body).toEqual(['prefs']);
    const later = await t.request
      .get(`/xapi/agents/profile${q({ agent: who, since: new Date(Date.now() + 60_000).toISOString() })}`)
      .set(V)
      .set('Authorization', a);
    expect(later.body).toEqual([]);
  });
});

describe('Activities and Agents resources', () => {
  it('returns the activity as last defined, and a Person for an agent', async () => {
    const a = await auth('all');
    const s = validStatement();
    await t.request.post('/xapi/statements').set(V).set('Authorization', a).send(s).expect(200);
    const activity = await t.request
      .get(`/xapi/activities${q({ activityId: s.object.id })}`)
      .set(V)
      .set('Authorization', a)
      .expect(200);
    expect(activity.body).toEqual({
      objectType: 'Activity',
      id: s.object.id,
      definition: { name: { en: 'A module' } },
    });
    const unknown = await t.request
      .get(`/xapi/activities${q({ activityId: 'http://example.org/unknown' })}`)
      .set(V)
      .set('Authorization', a)
      .expect(200);
    expect(unknown.body).toEqual({ objectType: 'Activity', id: 'http://example.org/unknown' });
    const person = await t.request
      .get(`/xapi/agents${q({ agent: JSON.stringify({ name: 'Ana', mbox: 'mailto:ana@example.org' }) })}`)
      .set(V)
      .set('Authorization', a)
      .expect(200);
    expect(person.body).toEqual({ objectType: 'Person', name: ['Ana'], mbox: ['mailto:ana@example.org'] });
    const head = await t.request
      .head(`/xapi/activities${q({ activityId: s.object.id })}`)
      .set(V)
      .set('Authorization', a)
      .expect(200);
    expect(head.text ?? '').toBe('');
  });
});
