import XAPI from '@xapi/xapi';
import { createCredential } from '../../server/src/xapi/service';
import { createTestApp, serveOverHttp, type ServedApp, type TestApp } from '../support/app';
import { validStatement } from '../fixtures/xapi-statements';

/** The real xAPI client library, over real HTTP, against the running LRS. */
let t: TestApp;
let served: ServedApp;
let xapi: XAPI;
beforeAll(async () => {
  t = await createTestApp();
  served = await serveOverHttp(t.app);
  const c = await createCredential(t.database.db, 'xAPI.js', ['all']);
  xapi = new XAPI({
    endpoint: `${served.baseUrl}/xapi/`,
    auth: XAPI.toBasicAuth(c.key, c.secret),
    version: '1.0.3',
  });
});
afterAll(async () => {
  await served.close();
  await t.close();
});

const agent = { objectType: 'Agent' as const, mbox: 'mailto:client@example.org' };

describe('@xapi/xapi against the Atrium LRS', () => {
  it('reads About', async () => {
    expect((await xapi.getAbout()).data.version).toEqual(['1.0.3', '2.0.0']);
  });

  it('sends, reads and queries statements', async () => {
    const s = validStatement();
    const sent = await xapi.sendStatement({ statement: s as never });
    expect(sent.data).toEqual([s.id]);
    const got = await xapi.getStatement({ statementId: s.id });
    expect(got.data.id).toBe(s.id);
    const list = await xapi.getStatements({ activity: s.object.id });
    expect(list.data.statements.map((x) => x.id)).toEqual([s.id]);
    await xapi.sendStatements({ statements: [validStatement(), validStatement()] as never });
  });

  it('stores and merges state, and activity and agent profiles', async () => {
    const activityId = 'http://example.org/activities/client-test';
    await xapi.setState({ agent, activityId, stateId: 'bookmark', state: { section: 1 } });
    await xapi.createState({ agent, activityId, stateId: 'bookmark', state: { scroll: 0.5 } });
    expect((await xapi.getState({ agent, activityId, stateId: 'bookmark' })).data).toEqual({ section: 1, scroll: 0.5 });
    expect((await xapi.getStates({ agent, activityId })).data).toEqual(['bookmark']);

    await xapi.createActivityProfile({ activityId, profileId: 'p', profile: { a: 1 } });
    const profile = await xapi.getActivityProfile({ activityId, profileId: 'p' });
    expect(profile.data).toEqual({ a: 1 });
    await xapi.setActivityProfile({
      activityId,
      profileId: 'p',
      profile: { a: 2 },
      etag: profile.headers.etag as string,
      matchHeader: 'If-Match',
    });
    expect((await xapi.getActivityProfile({ activityId, profileId: 'p' })).data).toEqual({ a: 2 });

    await xapi.createAgentProfile({ agent, profileId: 'prefs', profile: { lang: 'de' } });
    expect((await xapi.getAgentProfiles({ agent })).data).toEqual(['prefs']);
    expect((await xapi.getAgent({ agent })).data).toMatchObject({
      objectType: 'Person',
      mbox: ['mailto:client@example.org'],
    });
  });
});
