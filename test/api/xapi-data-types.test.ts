/**
 * IEEE 9274.1.1 (xAPI 2.0), 4.2.7 "Additional Requirements for Data Types": one test per requirement,
 * named by its own words. Each holds in xAPI 1.0.3 as well (Data 4.x), so both versions are checked.
 */
import { createPrivateKey, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompactSign } from 'jose';
import { createTestApp, type TestApp } from '../support/app';
import { multipart, sha256, xapiClient } from '../support/xapi';
import { validStatement } from '../fixtures/xapi-statements';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Obj = Record<string, unknown>;
const withResult = (result: Obj) => ({ ...validStatement(), result });

describe.each(['1.0.3', '2.0.0'])('4.2.7 additional requirements for data types (xAPI %s)', (version) => {
  const client = () => xapiClient(t, version, 'all');
  const activity = (c: Awaited<ReturnType<typeof client>>, id: string) =>
    t.request
      .get(`/xapi/activities?activityId=${encodeURIComponent(id)}`)
      .set('Authorization', c.auth)
      .set('X-Experience-API-Version', version);

  describe('IRIs', () => {
    it('"When storing or comparing IRIs, LRSs shall handle them only by using ... 5.3.1 (Simple String Comparison) and 5.3.2 (Syntax-Based Normalization) of RFC 3987"', async () => {
      const c = await client();
      const slug = randomUUID();
      const sent = `http://example.com/path/../${slug}`;
      const s = { ...validStatement(), object: { id: sent } };
      await c.post(s).expect(200);
      // Stored as sent, and found by the same string.
      expect((await activity(c, sent).expect(200)).body.id).toBe(sent);
      expect((await c.get(`?statementId=${s.id}`).expect(200)).body.object.id).toBe(sent);
      const found = await c.get(`?activity=${encodeURIComponent(sent)}`).expect(200);
      expect(found.body.statements.map((x: Obj) => x.id)).toEqual([s.id]);
      // No equivalence beyond those two: another scheme, a trailing slash or a decoded path is another IRI.
      for (const other of [
        `https://example.com/path/../${slug}`,
        `http://example.com/path/../${slug}/`,
        `http://example.com/path/%2E%2E/${slug}`,
      ]) {
        const res = await c.get(`?activity=${encodeURIComponent(other)}`).expect(200);
        expect([other, res.body.statements]).toEqual([other, []]);
      }
    });
  });

  describe('Extensions', () => {
    it.each([
      ['result', (extensions: Obj) => withResult({ extensions })],
      ['context', (extensions: Obj) => ({ ...validStatement(), context: { extensions } })],
      [
        'activity definition',
        (extensions: Obj) => ({
          ...validStatement(),
          object: { id: 'http://example.org/a', definition: { extensions } },
        }),
      ],
    ])(
      '"The LRS shall reject any Statement where a key of an extensions map is not an IRI" (%s)',
      async (_where, make) => {
        const c = await client();
        for (const key of ['color', 'example.org/ext', 'http://example.org/has space', '']) {
          const s = make({ [key]: 1 });
          const res = await c.post(s);
          expect([key, res.status]).toEqual([key, 400]);
          expect(res.body.error.message).toMatch(/extensions.*must be an absolute IRI/);
          await c.get(`?statementId=${String(s.id)}`).expect(404);
        }
      },
    );

    it('"An LRS shall not reject a Statement based on the values of the extensions map"', async () => {
      const c = await client();
      const values: unknown[] = [
        null,
        false,
        0,
        -1.5,
        '',
        'text',
        [],
        [1, 'two', null],
        {},
        { a: { b: [{ c: null }] } },
      ];
      const extensions = Object.fromEntries(values.map((v, i) => [`http://example.org/ext/${i}`, v]));
      const s = withResult({ extensions });
      await c.post(s).expect(200);
      const got = await c.get(`?statementId=${s.id}`).expect(200);
      expect(got.body.result.extensions).toEqual(extensions);
    });
  });

  describe('Language maps', () => {
    const withName = (tag: string) => ({
      ...validStatement(),
      object: { id: 'http://example.org/a', definition: { name: { [tag]: 'A name' } } },
    });

    it.each(['en_US', 'e', 'en-', '-en', 'en--US', 'en-US-', '123', 'en-abcdefghi', 'abcdefghi', 'en-a', 'x', 'en US'])(
      '"An LRS shall reject a Statement with invalid RFC 5646 language tags": %s',
      async (tag) => {
        const c = await client();
        for (const s of [
          withName(tag),
          { ...validStatement(), verb: { id: 'http://example.org/v', display: { [tag]: 'did' } } },
        ]) {
          const res = await c.post(s);
          expect([tag, res.status]).toEqual([tag, 400]);
          expect(res.body.error.message).toMatch(/RFC 5646/);
        }
      },
    );

    it('"The LRS shall at least validate that the sequence of token lengths for language map keys matches the RFC 5646 standard": every well-formed tag is taken', async () => {
      const c = await client();
      const tags = [
        'en',
        'en-US',
        'es-419',
        'zh-Hant-TW',
        'sr-Latn-RS',
        'de-CH-1901',
        'sl-rozaj-biske',
        'zh-yue-HK',
        'en-a-bbb-x-a-ccc',
        'x-whatever',
        'qaa-Qaaa-QM-x-southern',
        'und',
        'i-klingon',
        'en-GB-oed',
        'sgn-BE-FR',
        'zh-min-nan',
        'art-lojban',
      ];
      for (const tag of tags) {
        const res = await c.post(withName(tag));
        expect([tag, res.status]).toEqual([tag, 200]);
      }
    });
  });

  describe('UUIDs', () => {
    it('"UUIDs shall be in the standard string form" (statement id, registration, StatementRef)', async () => {
      const c = await client();
      const good = randomUUID();
      for (const bad of [
        `{${good}}`,
        good.replace(/-/g, ''),
        `urn:uuid:${good}`,
        ` ${good}`,
        `${good.slice(0, 8)}_${good.slice(9)}`,
        good.slice(0, 35),
      ]) {
        for (const s of [
          { ...validStatement(), id: bad },
          { ...validStatement(), context: { registration: bad } },
          { ...validStatement(), object: { objectType: 'StatementRef', id: bad } },
        ]) {
          const res = await c.post(s);
          expect([bad, res.status]).toEqual([bad, 400]);
          expect(res.body.error.message).toMatch(/must be a UUID/);
        }
      }
      // The standard form is case-insensitive on input (RFC 4122 §3).
      await c.post({ ...validStatement(), id: good.toUpperCase() }).expect(200);
    });
  });

  describe('Timestamps', () => {
    it('"An LRS shall convert Timestamps to UTC rather than rejecting Statements that send Timestamps not in UTC form"', async () => {
      const c = await client();
      for (const [sent, utc] of [
        ['2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00'],
        ['2024-05-01T12:00:00.250-0530', '2024-05-01T17:30:00.25'],
        ['2024-12-31T23:30:00-01:00', '2025-01-01T00:30:00'],
      ]) {
        const s = { ...validStatement(), timestamp: sent };
        await c.post(s).expect(200);
        const got = (await c.get(`?statementId=${s.id}`).expect(200)).body.timestamp as string;
        expect([sent, got]).toEqual([sent, expect.stringMatching(/Z$/)]);
        expect([sent, Date.parse(got)]).toEqual([sent, Date.parse(`${utc}Z`)]);
      }
    });

    it('"An LRS may truncate or round a Timestamp to a precision of at least 3 decimal digits for seconds"', async () => {
      const c = await client();
      for (const sent of ['2024-05-01T10:00:00.123456Z', '2024-05-01T12:00:00.123456+02:00']) {
        const s = { ...validStatement(), timestamp: sent };
        await c.post(s).expect(200);
        const got = (await c.get(`?statementId=${s.id}`).expect(200)).body.timestamp as string;
        expect([sent, got]).toEqual([sent, expect.stringMatching(/^2024-05-01T10:00:00\.123\d*Z$/)]);
      }
    });
  });

  describe('Duration', () => {
    it.each(['PT1H30', '1H', 'P', 'PT', 'PT-5S', 'P1.5', 'pt1h', 'PT1H 30M', 'P1W2D'])(
      '"The LRS shall reject a Statement if the duration is not expressed using the format for Duration in ISO 8601:2004(E) section 4.4.3.2": %s',
      async (duration) => {
        const c = await client();
        const res = await c.post(withResult({ duration }));
        expect([duration, res.status]).toEqual([duration, 400]);
        expect(res.body.error.message).toMatch(/result\.duration: must be an ISO 8601 duration/);
      },
    );

    it.each(['P0001-02-03T04:05:06', 'P00010203T040506', 'PT01:30:00', 'P0000-00-01'])(
      '"An LRS shall reject Statements with the alternative format (... ISO 8601:2004(E) section 4.4.3.3)": %s',
      async (duration) => {
        const c = await client();
        await c.post(withResult({ duration })).expect(400);
      },
    );

    it('"On receiving a Duration with more than 0.01 second precision, the LRS shall not reject the request"', async () => {
      const c = await client();
      for (const duration of ['PT1.23456S', 'PT0.001S', 'P1DT2H3M4.56789S']) {
        const s = withResult({ duration });
        const res = await c.post(s);
        expect([duration, res.status]).toEqual([duration, 200]);
        const got = (await c.get(`?statementId=${s.id}`).expect(200)).body.result.duration as string;
        expect(got.startsWith(duration.slice(0, duration.indexOf('.') + 3))).toBe(true);
      }
    });

    it('"When making a comparison (e.g. as a part of the statement signing process) ... any precision beyond 0.01 second precision shall not be included"', async () => {
      const c = await client();
      const key = createPrivateKey(fs.readFileSync(path.resolve(__dirname, '../fixtures/xapi-signing/key.pem')));
      const signedAs = async (sent: Obj, signed: Obj) => {
        const jws = await new CompactSign(Buffer.from(JSON.stringify(signed)))
          .setProtectedHeader({ alg: 'RS256' })
          .sign(key);
        const attachment = {
          usageType: 'http://adlnet.gov/expapi/attachments/signature',
          display: { en: 'Signature' },
          contentType: 'application/octet-stream',
          length: jws.length,
          sha2: sha256(jws),
        };
        return c.postMultipart(
          multipart({ ...sent, attachments: [attachment] }, [
            { content: jws, contentType: 'application/octet-stream' },
          ]),
        );
      };
      for (const [signed, sent] of [
        ['PT1.2345S', 'PT1.23S'],
        ['PT1.2S', 'PT1.20999S'],
        ['PT1S', 'PT1.00S'],
        ['PT2M3.009S', 'PT2M3S'],
      ]) {
        const s = withResult({ duration: sent });
        const res = await signedAs(s, { ...s, result: { duration: signed } });
        expect([signed, sent, res.status]).toEqual([signed, sent, 200]);
      }
      const s = withResult({ duration: 'PT1.23S' });
      const res = await signedAs(s, { ...s, result: { duration: 'PT1.24S' } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/its "result" differs/);
    });
  });

  describe('Documents', () => {
    it('"updated: When the document was most recently modified (HTTP Header)": every document answer carries Last-Modified', async () => {
      const c = await client();
      const agent = encodeURIComponent(JSON.stringify({ mbox: `mailto:${randomUUID()}@example.org` }));
      const activityId = `http://example.org/${randomUUID()}`;
      const V = { Authorization: c.auth, 'X-Experience-API-Version': version };
      for (const url of [
        `/xapi/activities/state?activityId=${activityId}&agent=${agent}&stateId=s`,
        `/xapi/activities/profile?activityId=${activityId}&profileId=p`,
        `/xapi/agents/profile?agent=${agent}&profileId=p`,
      ]) {
        const before = Date.now() - 1000;
        await t.request.put(url).set(V).set('If-None-Match', '*').send({ a: 1 }).expect(204);
        const got = await t.request.get(url).set(V).expect(200);
        const updated = Date.parse(String(got.headers['last-modified']));
        expect([url, updated >= before && updated <= Date.now() + 1000]).toEqual([url, true]);
      }
    });
  });
});
