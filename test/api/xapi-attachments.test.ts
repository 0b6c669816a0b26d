import { rows as dbRows } from '../../server/src/lib/db';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app';
import { binary, multipart, readMultipart, sha256, xapiClient } from '../support/xapi';
import { validStatement } from '../fixtures/xapi-statements';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const rows = (query: ReturnType<typeof sql>) => dbRows<Record<string, unknown>>(t.database.db, query);
const count = async () => Number((await rows(sql`select count(*)::int as n from xapi_statements`))[0].n);

function withAttachment(content: string | Buffer, extra: Record<string, unknown> = {}) {
  return {
    ...validStatement(),
    attachments: [
      {
        usageType: 'http://id.tincanapi.com/attachment/supporting_media',
        display: { en: 'Worksheet' },
        contentType: 'text/plain',
        length: Buffer.byteLength(content),
        sha2: sha256(content),
        ...extra,
      },
    ],
  };
}

describe('statements with attachments (multipart/mixed)', () => {
  it('stores the attachment with its statement and returns both with attachments=true', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const content = `Oulu worksheet ${randomUUID()}\n\u00e9\u00e8 and bytes \u0000\u00ff`;
    const s = withAttachment(content);
    const res = await c.postMultipart(multipart(s, [{ content }])).expect(200);
    expect(res.body).toEqual([s.id]);

    const json = await c.get(`?statementId=${s.id}`).expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body.attachments[0].sha2).toBe(sha256(content));

    const single = await c.get(`?statementId=${s.id}&attachments=true`).buffer(true).parse(binary).expect(200);
    expect(single.headers['content-type']).toMatch(/^multipart\/mixed; boundary=/);
    const [statementPart, attachmentPart, ...more] = readMultipart(single);
    expect(more).toHaveLength(0);
    expect(statementPart.headers['content-type']).toBe('application/json');
    expect(JSON.parse(statementPart.body.toString('utf8')).id).toBe(s.id);
    expect(attachmentPart.headers['x-experience-api-hash']).toBe(sha256(content));
    expect(attachmentPart.headers['content-transfer-encoding']).toBe('binary');
    expect(attachmentPart.body.equals(Buffer.from(content))).toBe(true);

    const query = await c
      .get(`?activity=${encodeURIComponent(s.object.id)}&attachments=true`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const parts = readMultipart(query);
    expect(JSON.parse(parts[0].body.toString('utf8')).statements.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect(parts[1].body.equals(Buffer.from(content))).toBe(true);
  });

  it('stores a body once for every statement that carries it, and takes PUT too', async () => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const content = `shared ${randomUUID()}`;
    const a = withAttachment(content);
    const b = withAttachment(content);
    await c.postMultipart(multipart([a], [{ content }])).expect(200);
    await c.putMultipart(b.id, multipart(b, [{ content }])).expect(204);
    const stored = await rows(sql`select count(*)::int as n from xapi_attachments where sha2 = ${sha256(content)}`);
    expect(stored[0].n).toBe(1);
    const got = await c.get(`?statementId=${b.id}&attachments=true`).buffer(true).parse(binary).expect(200);
    expect(readMultipart(got)[1].body.toString()).toBe(content);
  });

  it('accepts attachments given by fileUrl as JSON, and refuses JSON attachments without fileUrl', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    await c.post(withAttachment('x', { fileUrl: 'https://example.org/files/x.txt' })).expect(200);
    const before = await count();
    const res = await c.post(withAttachment('no part')).expect(400);
    expect(res.body.error.message).toMatch(
      /statement\.attachments\[0\]: has no fileUrl, so its content must be sent as a multipart\/mixed part/,
    );
    expect(await count()).toBe(before);
  });

  it.each([
    [
      'an attachment without its part',
      () => multipart(withAttachment('missing'), []),
      /attachments\[0\]: has no fileUrl, so its content must be sent/,
    ],
    [
      'a part that belongs to no attachment',
      () => multipart(validStatement(), [{ content: 'stray' }]),
      /X-Experience-API-Hash [0-9a-f]{64} belongs to no attachment/,
    ],
    [
      'a part whose content does not match its hash',
      () => multipart(withAttachment('right'), [{ content: 'wrong', hash: sha256('right') }]),
      /part 2: its content has the SHA-2 [0-9a-f]{64}, not the X-Experience-API-Hash/,
    ],
    [
      'a part without X-Experience-API-Hash',
      () => multipart(withAttachment('x'), [{ content: 'x', headers: { 'X-Experience-API-Hash': '' } }]),
      /part 2: X-Experience-API-Hash is required/,
    ],
    [
      'a part in base64',
      () => multipart(withAttachment('x'), [{ content: 'eA==', headers: { 'Content-Transfer-Encoding': 'base64' } }]),
      /Content-Transfer-Encoding must be binary/,
    ],
    [
      'a first part that is not JSON',
      () => ({
        contentType: 'multipart/mixed; boundary=b',
        body: Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\n{}\r\n--b--\r\n'),
      }),
      /first part must hold the statements, with Content-Type: application\/json/,
    ],
    [
      'a body cut short',
      () => ({
        contentType: 'multipart/mixed; boundary=b',
        body: Buffer.from('--b\r\nContent-Type: application/json\r\n\r\n{}'),
      }),
      /does not end with the closing delimiter --b--/,
    ],
    [
      'a content type without boundary',
      () => ({ contentType: 'multipart/mixed', body: Buffer.from('--b--') }),
      /needs a boundary parameter/,
    ],
  ])('refuses %s with 400, storing nothing', async (_name, body, message) => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const before = await count();
    const res = await c.postMultipart(body()).expect(400);
    expect(res.body.error.message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('refuses bodies over the limit with 413 and says what to do', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const big = Array.from({ length: 2200 }, () => ({ ...validStatement(), result: { response: 'x'.repeat(400) } }));
    const json = await c.post(big).expect(413);
    expect(json.body.error.message).toMatch(/larger than the 1 MB accepted here.*fewer statements per request/);
    const content = Buffer.alloc(21 * 1024 * 1024, 7);
    const res = await c.postMultipart(multipart(withAttachment(content), [{ content }])).expect(413);
    expect(res.body.error.message).toMatch(/larger than the 20 MB accepted here/);
  });
});
