/**
 * multipart/mixed bodies as real clients write them: the reader takes every body RFC 2046 and xAPI
 * allow (CRLF or bare LF line ends, any header case, a preamble, charset parameters), and the body the
 * @xapi/xapi library builds for several statements with several attachments, in which no line break
 * comes between an attachment and the next delimiter.
 */
import { JSDOM } from 'jsdom';
import { createTestApp, serveOverHttp, type ServedApp, type TestApp } from '../support/app';
import { sha256, xapiClient } from '../support/xapi';
import { validStatement } from '../fixtures/xapi-statements';

let t: TestApp;
let served: ServedApp;
beforeAll(async () => {
  t = await createTestApp();
  served = await serveOverHttp(t.app);
});
afterAll(async () => {
  await served.close();
  await t.close();
});

const attachment = (content: string, contentType = 'text/plain') => ({
  usageType: 'http://id.tincanapi.com/attachment/supporting_media',
  display: { 'en-US': 'notes' },
  contentType,
  length: Buffer.byteLength(content),
  sha2: sha256(content),
});

/** Two statements, each with one attachment, and the attachment contents in order. */
function batch() {
  const contents = ['first attachment', 'second attachment\nwith two lines'];
  const statements = contents.map((c) => ({ ...validStatement(), attachments: [attachment(c)] }));
  return { statements, contents };
}

type Style = { eol: string; lowerCase?: boolean; preamble?: string; jsonType?: string; breakBeforeDelimiter?: boolean };

function body(statements: unknown, contents: string[], style: Style, boundary = 'b0und4ry') {
  const { eol } = style;
  const name = (n: string) => (style.lowerCase ? n.toLowerCase() : n);
  const end = style.breakBeforeDelimiter === false ? '' : eol;
  let text = style.preamble ?? '';
  text += `--${boundary}${eol}${name('Content-Type')}: ${style.jsonType ?? 'application/json'}${eol}${eol}${JSON.stringify(statements)}${eol}`;
  for (const content of contents)
    text += `--${boundary}${eol}${name('Content-Type')}: text/plain${eol}${name('Content-Transfer-Encoding')}: binary${eol}${name('X-Experience-API-Hash')}: ${sha256(content)}${eol}${eol}${content}${end}`;
  text += `${end ? '' : eol}--${boundary}--${eol}`;
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.from(text) };
}

describe('the multipart/mixed reader', () => {
  it.each<[string, Style]>([
    ['CRLF line ends', { eol: '\r\n' }],
    ['bare LF line ends', { eol: '\n' }],
    ['lower-case header names', { eol: '\r\n', lowerCase: true }],
    ['a preamble before the first part', { eol: '\r\n', preamble: 'This is a multi-part message in MIME format.\r\n' }],
    ['a charset parameter on the statements part', { eol: '\r\n', jsonType: 'application/json; charset=UTF-8' }],
    [
      'no line break between an attachment and the next delimiter (as @xapi/xapi writes it)',
      { eol: '\r\n', breakBeforeDelimiter: false },
    ],
  ])('stores several statements with attachments sent with %s, attachments intact', async (_name, style) => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const { statements, contents } = batch();
    const res = await c.postMultipart(body(statements, contents, style));
    expect([res.status, res.body]).toEqual([200, statements.map((s) => s.id)]);
  });

  it('still refuses an attachment whose bytes do not match its hash', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const { statements } = batch();
    const res = await c.postMultipart(body(statements, ['first attachment', 'something else'], { eol: '\r\n' }));
    expect(res.status).toBe(400);
  });
});

describe('@xapi/xapi in a browser (jsdom, XMLHttpRequest)', () => {
  it('sends several statements with attachments in one multipart/mixed request', async () => {
    const c = await xapiClient(t, '1.0.3', 'all');
    const dom = new JSDOM('<!doctype html><p>course page</p>', { url: `${served.baseUrl}/course` });
    const saved = { XMLHttpRequest: globalThis.XMLHttpRequest, Blob: globalThis.Blob };
    Object.assign(globalThis, { XMLHttpRequest: dom.window.XMLHttpRequest, Blob: dom.window.Blob });
    try {
      jest.resetModules();
      const { default: XAPI } = await import('@xapi/xapi');
      const xapi = new XAPI({ endpoint: `${served.baseUrl}/xapi/`, auth: c.auth, version: '1.0.3' });
      const { statements, contents } = batch();
      const sent = await xapi.sendStatements({ statements: statements as never, attachments: contents as never });
      expect(sent.data).toEqual(statements.map((s) => s.id));
      const got = await c.get(`?statementId=${statements[1].id}&attachments=true`).expect(200);
      expect(String(got.headers['content-type'])).toMatch(/^multipart\/mixed/);
    } finally {
      Object.assign(globalThis, saved);
      dom.window.close();
    }
  });
});
