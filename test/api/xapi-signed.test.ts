import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { createTestApp, type TestApp } from '../support/app';
import { multipart, sha256, xapiClient } from '../support/xapi';
import { validStatement } from '../fixtures/xapi-statements';

/** A self-signed RSA certificate and its key, made once with openssl for these tests. */
const FIXTURES = path.resolve(__dirname, '../fixtures/xapi-signing');
const key = createPrivateKey(fs.readFileSync(path.join(FIXTURES, 'key.pem')));
const certDer = new X509Certificate(fs.readFileSync(path.join(FIXTURES, 'cert.pem'))).raw.toString('base64');
const SIGNATURE = 'http://adlnet.gov/expapi/attachments/signature';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Obj = Record<string, unknown>;

async function jws(payload: unknown, header: Obj = { alg: 'RS256', x5c: [certDer] }, signer: KeyObject = key) {
  return new CompactSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader(header as { alg: string })
    .sign(signer);
}

/** The statement with its signature attachment added, and the multipart body that carries both. */
function signed(statement: Obj, signature: string, attachment: Obj = {}) {
  const withSignature = {
    ...statement,
    attachments: [
      {
        usageType: SIGNATURE,
        display: { en: 'Signature' },
        contentType: 'application/octet-stream',
        length: signature.length,
        sha2: sha256(signature),
        ...attachment,
      },
    ],
  };
  return multipart(withSignature, [{ content: signature, contentType: 'application/octet-stream' }]);
}

describe('signed statements', () => {
  it('accepts a statement signed with RS256, RS384 or RS512 whose x5c certificate verifies', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    for (const alg of ['RS256', 'RS384', 'RS512']) {
      const s = validStatement();
      await c.postMultipart(signed(s, await jws(s, { alg, x5c: [certDer] }))).expect(200);
      const got = await c.get(`?statementId=${s.id}`).expect(200);
      expect(got.body.attachments[0].usageType).toBe(SIGNATURE);
    }
  });

  it('accepts a signature without certificate, and differences the comparison rules allow', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const s = { ...validStatement(), timestamp: '2024-05-01T12:00:00+02:00' };
    const original = {
      ...s,
      id: undefined,
      timestamp: '2024-05-01T10:00:00.000Z',
      verb: { id: s.verb.id },
      object: { id: s.object.id },
      actor: { ...s.actor, mbox: 'mailto:test@EXAMPLE.org' },
    };
    await c.postMultipart(signed(s, await jws(original, { alg: 'RS256' }))).expect(200);
  });

  it.each([
    [
      'an algorithm other than RS256/384/512',
      async (s: Obj) => signed(s, await jws(s, { alg: 'PS256' })),
      /algorithm RS256, RS384 or RS512 \(not PS256\)/,
    ],
    [
      'a payload that is another statement',
      async (s: Obj) => signed(s, await jws({ ...s, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } })),
      /payload is not the statement that was signed: its "verb" differs/,
    ],
    ['a payload with another id', async (s: Obj) => signed(s, await jws(validStatement())), /its "id" differs/],
    [
      'a signature that the x5c certificate does not verify',
      async (s: Obj) =>
        signed(
          s,
          await jws(
            s,
            { alg: 'RS256', x5c: [certDer] },
            generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
          ),
        ),
      /does not verify with the key of the first certificate in its x5c header/,
    ],
    [
      'an x5c that is no certificate',
      async (s: Obj) => signed(s, await jws(s, { alg: 'RS256', x5c: ['bm90IGEgY2VydA=='] })),
      /cannot be read as an RSA X\.509 certificate/,
    ],
    [
      'a signature that is no JWS',
      (s: Obj) => Promise.resolve(signed(s, 'this is not a signature')),
      /is not a JWS in compact serialization/,
    ],
    [
      'a signature of another content type',
      async (s: Obj) => signed(s, await jws(s), { contentType: 'text/plain' }),
      /contentType application\/octet-stream/,
    ],
  ])('refuses %s with 400 naming the rule', async (_name, make, message) => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const s = validStatement();
    const res = await c.postMultipart(await make(s)).expect(400);
    expect(res.body.error.message).toMatch(message);
    await c.get(`?statementId=${s.id}`).expect(404);
  });

  it('refuses a signature sent only by fileUrl, since it cannot be checked', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const s = {
      ...validStatement(),
      attachments: [
        {
          usageType: SIGNATURE,
          display: { en: 'Signature' },
          contentType: 'application/octet-stream',
          length: 10,
          sha2: sha256('x'),
          fileUrl: 'https://example.org/sig',
        },
      ],
    };
    const res = await c.post(s).expect(400);
    expect(res.body.error.message).toMatch(/a signature must be sent as a multipart\/mixed part/);
  });
});
