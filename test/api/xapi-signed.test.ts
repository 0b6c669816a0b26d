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

  it('stores nothing of a batch in which one signature fails', async () => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const good = validStatement();
    const tampered = validStatement();
    const signature = await jws({ ...tampered, verb: { id: 'http://adlnet.gov/expapi/verbs/failed' } });
    const attachment = {
      usageType: SIGNATURE,
      display: { en: 'Signature' },
      contentType: 'application/octet-stream',
      length: signature.length,
      sha2: sha256(signature),
    };
    const res = await c.postMultipart(
      multipart(
        [good, { ...tampered, attachments: [attachment] }],
        [{ content: signature, contentType: 'application/octet-stream' }],
      ),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/statement\[1\]|payload is not the statement that was signed/);
    await c.get(`?statementId=${good.id}`).expect(404);
    await c.get(`?statementId=${tampered.id}`).expect(404);
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

describe('signatures made by other implementations', () => {
  const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
  const der = (name: string) => new X509Certificate(read(name)).raw.toString('base64');

  /**
   * The body as the ADL conformance suite builds it: a CR LF before the first boundary, header lines
   * without a space after the colon, and no line end after the closing boundary.
   */
  function suiteBody(statement: Obj, signature: string, contentType = 'application/octet-stream') {
    const boundary = '-------------314159265';
    const sent = {
      ...statement,
      attachments: [
        {
          usageType: SIGNATURE,
          display: { 'en-US': 'Signed by another implementation' },
          description: { 'en-US': 'Signed by another implementation' },
          contentType,
          length: Buffer.byteLength(signature),
          sha2: sha256(signature),
        },
      ],
    };
    const body = [
      `\r\n--${boundary}\r\nContent-Type:application/json\r\n\r\n${JSON.stringify(sent)}`,
      `\r\n--${boundary}\r\nContent-Type:${contentType}\r\nContent-Transfer-Encoding:binary\r\n`,
      `X-Experience-API-Hash:${sha256(signature)}\r\n\r\n${signature}\r\n--${boundary}--`,
    ].join('');
    return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.from(body) };
  }

  /** jose signs the bytes it is given; the header carries only what the caller sets. */
  const joseSign = (payload: string, header: Obj, signer: KeyObject | Uint8Array) =>
    new CompactSign(Buffer.from(payload)).setProtectedHeader(header as { alg: string }).sign(signer);

  it.each(['1.0.3', '2.0.0'])(
    "accepts the specification's own example signed statement, byte for byte (xAPI %s)",
    async (version) => {
      const c = await xapiClient(t, version, 'all');
      const jwsText = read('spec-example.jws').toString('utf8').trim();
      const statement = JSON.parse(read('spec-example-statement.json').toString('utf8')) as Obj;
      const m = multipart(statement, [{ content: jwsText, contentType: 'application/octet-stream' }]);
      const res = await c.postMultipart(m);
      expect([res.status, res.body]).toEqual([200, ['33cff416-e331-4c9d-969e-5373a1756120']]);
      const got = await c.get('?statementId=33cff416-e331-4c9d-969e-5373a1756120&attachments=true').expect(200);
      expect(String(got.headers['content-type'])).toMatch(/^multipart\/mixed/);
    },
  );

  it("refuses the specification's example when the statement sent differs from the one signed", async () => {
    const c = await xapiClient(t, '2.0.0', 'all');
    const jwsText = read('spec-example.jws').toString('utf8').trim();
    const statement = JSON.parse(read('spec-example-statement.json').toString('utf8')) as Obj;
    const changed = { ...statement, id: '43cff416-e331-4c9d-969e-5373a1756120', timestamp: '2013-04-01T12:00:01Z' };
    const res = await c.postMultipart(
      multipart(changed, [{ content: jwsText, contentType: 'application/octet-stream' }]),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/payload is not the statement that was signed/);
    await c.get('?statementId=43cff416-e331-4c9d-969e-5373a1756120').expect(404);
  });

  describe.each(['1.0.3', '2.0.0'])('jose, as the conformance suite signs (xAPI %s)', (version) => {
    it.each(['RS256', 'RS384', 'RS512'])('accepts %s with a certificate chain in x5c, and without x5c', async (alg) => {
      const c = await xapiClient(t, version, 'all');
      const leafKey = createPrivateKey(read('leaf-key.pem'));
      const chained = validStatement();
      const withChain = await joseSign(
        JSON.stringify(chained),
        { alg, x5c: [der('leaf-cert.pem'), der('ca-cert.pem')] },
        leafKey,
      );
      expect([alg, (await c.postMultipart(suiteBody(chained, withChain))).status]).toEqual([alg, 200]);
      const bare = validStatement();
      const withoutX5c = await joseSign(JSON.stringify(bare), { alg }, leafKey);
      expect([alg, (await c.postMultipart(suiteBody(bare, withoutX5c))).status]).toEqual([alg, 200]);
      const stored = await c.get(`?statementId=${chained.id}`).expect(200);
      expect(stored.body.attachments).toHaveLength(1);
    });

    it.each([
      [
        'HS256 (a shared secret, not an RSA key)',
        (s: Obj) => joseSign(JSON.stringify(s), { alg: 'HS256' }, Buffer.from('a shared secret of 32 bytes.....')),
        /algorithm RS256, RS384 or RS512 \(not HS256\)/,
      ],
      [
        'a payload that is no valid JSON serialization',
        (s: Obj) =>
          joseSign(JSON.stringify(s).replace('"', "'"), { alg: 'RS256' }, createPrivateKey(read('leaf-key.pem'))),
        /not a JWS in compact serialization/,
      ],
      [
        'a header claiming RS512 over an RS256 signature',
        async (s: Obj) => {
          const good = await joseSign(
            JSON.stringify(s),
            { alg: 'RS256', x5c: [der('leaf-cert.pem')] },
            createPrivateKey(read('leaf-key.pem')),
          );
          const header = Buffer.from(JSON.stringify({ alg: 'RS512', x5c: [der('leaf-cert.pem')] })).toString(
            'base64url',
          );
          return [header, ...good.split('.').slice(1)].join('.');
        },
        /does not verify with the key of the first certificate/,
      ],
      [
        'a signature whose last byte was changed',
        async (s: Obj) => {
          const good = await joseSign(
            JSON.stringify(s),
            { alg: 'RS384', x5c: [der('leaf-cert.pem'), der('ca-cert.pem')] },
            createPrivateKey(read('leaf-key.pem')),
          );
          const [h, p, sig] = good.split('.');
          const bytes = Buffer.from(sig, 'base64url');
          bytes[bytes.length - 1] ^= 1;
          return `${h}.${p}.${bytes.toString('base64url')}`;
        },
        /does not verify with the key of the first certificate/,
      ],
      [
        'a JWS in JSON serialization instead of the compact one',
        async (s: Obj) => {
          const [h, p, sig] = (
            await joseSign(JSON.stringify(s), { alg: 'RS256' }, createPrivateKey(read('leaf-key.pem')))
          ).split('.');
          return JSON.stringify({ protected: h, payload: p, signature: sig });
        },
        /not a JWS in compact serialization/,
      ],
    ])('refuses %s with 400, storing nothing', async (_name, make, message) => {
      const c = await xapiClient(t, version, 'all');
      const s = validStatement();
      const res = await c.postMultipart(suiteBody(s, await make(s)));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      await c.get(`?statementId=${s.id}`).expect(404);
    });

    it('refuses a signature attachment of content type text/plain; charset=ascii', async () => {
      const c = await xapiClient(t, version, 'all');
      const s = validStatement();
      const sig = await joseSign(JSON.stringify(s), { alg: 'RS256' }, createPrivateKey(read('leaf-key.pem')));
      const res = await c.postMultipart(suiteBody(s, sig, 'text/plain; charset=ascii'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/contentType application\/octet-stream/);
    });
  });
});
