import { sql } from 'drizzle-orm';
import type { LrsScope } from '../../server/src/lib/db/schema';
import { Forwarder } from '../../server/src/xapi/forwarder';
import { createCredential } from '../../server/src/xapi/service';
import { createUser } from '../../server/src/users/service';
import { browserAgent, createTestApp, serveOverHttp, type ServedApp, type TestApp } from '../support/app';
import { validStatement } from '../fixtures/xapi-statements';
import { binary, multipart, readMultipart, sha256 } from '../support/xapi';

/** Forwarding to an external LRS, which here is a second, real Atrium LRS on its own port. */
let local: TestApp;
let remote: TestApp;
let remoteServer: ServedApp;
let remoteUrl: string;
beforeAll(async () => {
  local = await createTestApp({ forwarding: true });
  remote = await createTestApp();
  remoteServer = await serveOverHttp(remote.app);
  remoteUrl = `${remoteServer.baseUrl}/xapi/`;
});
afterAll(async () => {
  await remoteServer.close();
  await local.close();
  await remote.close();
});

const V = { 'X-Experience-API-Version': '1.0.3' };
const basic = (c: { key: string; secret: string }) => `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
async function credential(app: TestApp, ...scopes: LrsScope[]) {
  return createCredential(app.database.db, 'forwarding test', scopes);
}
async function forwarder(...scopes: LrsScope[]) {
  const c = await credential(remote, ...scopes);
  return new Forwarder(local.database.db, { endpoint: remoteUrl, key: c.key, secret: c.secret });
}
const onRemote = async (id: string) =>
  (
    await remote.request
      .get(`/xapi/statements?statementId=${id}`)
      .set(V)
      .set('Authorization', basic(await credential(remote, 'all')))
  ).status;
const outbox = async () =>
  (
    (await local.database.db.execute(sql`select * from xapi_outbox order by created_at`)) as unknown as {
      rows: Record<string, unknown>[];
    }
  ).rows;
async function postLocally(statements: unknown[]) {
  await local.request
    .post('/xapi/statements')
    .set(V)
    .set('Authorization', basic(await credential(local, 'all')))
    .send(statements)
    .expect(200);
}

beforeEach(async () => {
  await local.database.db.execute(sql`delete from xapi_outbox`);
});

describe('forwarding to an external LRS', () => {
  it('delivers every stored statement through the outbox', async () => {
    const statements = [validStatement(), validStatement(), validStatement()];
    await postLocally(statements);
    expect(await outbox()).toHaveLength(3);
    expect(await (await forwarder('statements/write')).runOnce()).toBe(3);
    expect(await outbox()).toHaveLength(0);
    for (const s of statements) expect(await onRemote(s.id)).toBe(200);
  });

  it('sends attachment bodies along, as multipart/mixed', async () => {
    const content = `forwarded worksheet ${Date.now()}`;
    const s = {
      ...validStatement(),
      attachments: [
        {
          usageType: 'http://example.org/u',
          display: { en: 'w' },
          contentType: 'text/plain',
          length: content.length,
          sha2: sha256(content),
        },
      ],
    };
    const m = multipart(s, [{ content }]);
    await local.request
      .post('/xapi/statements')
      .set(V)
      .set('Authorization', basic(await credential(local, 'all')))
      .set('Content-Type', m.contentType)
      .send(m.body)
      .expect(200);
    expect(await (await forwarder('statements/write')).runOnce()).toBe(1);
    const got = await remote.request
      .get(`/xapi/statements?statementId=${s.id}&attachments=true`)
      .set(V)
      .set('Authorization', basic(await credential(remote, 'all')))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(readMultipart(got)[1].body.toString()).toBe(content);
  });

  it('keeps statements while the remote is unreachable and backs off, then delivers', async () => {
    const s = validStatement();
    await postLocally([s]);
    const down = new Forwarder(local.database.db, { endpoint: 'http://127.0.0.1:9/xapi/', key: 'k', secret: 's' });
    expect(await down.runOnce()).toBe(0);
    const [row] = await outbox();
    expect(row).toMatchObject({ attempts: 1, dead: false });
    expect(String(row.last_error)).toMatch(/could not reach the external LRS/);
    expect(new Date(String(row.next_attempt_at)).getTime()).toBeGreaterThan(Date.now());

    const up = await forwarder('statements/write');
    expect(await up.runOnce()).toBe(0); // not due yet: no retry storm
    await local.database.db.execute(sql`update xapi_outbox set next_attempt_at = now()`);
    expect(await up.runOnce()).toBe(1);
    expect(await onRemote(s.id)).toBe(200);
  });

  it('counts a 409 for a statement the remote already holds as delivered, without holding up the others', async () => {
    const taken = validStatement();
    await remote.request
      .post('/xapi/statements')
      .set(V)
      .set('Authorization', basic(await credential(remote, 'all')))
      .send({ ...taken, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } })
      .expect(200);
    const others = [validStatement(), validStatement()];
    await postLocally([taken, ...others]);
    expect(await (await forwarder('statements/write')).runOnce()).toBe(3);
    expect(await outbox()).toHaveLength(0);
    for (const s of others) expect(await onRemote(s.id)).toBe(200);
  });

  it('puts statements the remote refuses for good in the dead letters with its reason, and an admin can retry them', async () => {
    const s = validStatement();
    await postLocally([s]);
    expect(await (await forwarder('statements/read')).runOnce()).toBe(0);
    const [row] = await outbox();
    expect(row).toMatchObject({ dead: true, attempts: 1 });
    expect(String(row.last_error)).toMatch(/^403 .*no statements\/write scope/);

    const email = `forwardadmin${Date.now()}@example.org`;
    await createUser(local.database.db, { email, password: 'an admin passphrase', role: 'admin' });
    const admin = await browserAgent(local.app);
    await admin.post('/api/auth/signin').send({ email, password: 'an admin passphrase' }).expect(200);
    const summary = await admin.get('/api/admin/lrs/outbox').expect(200);
    expect(summary.body).toMatchObject({ backlog: 0, dead: [{ statementId: s.id, attempts: 1 }] });
    expect((await admin.post('/api/admin/lrs/outbox/retry').send({}).expect(200)).body).toEqual({ revived: 1 });
    expect(await (await forwarder('statements/write')).runOnce()).toBe(1);
    expect(await onRemote(s.id)).toBe(200);
  });
});
