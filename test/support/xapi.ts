import { createHash } from 'node:crypto';
import type { Response } from 'superagent';
import type { LrsScope } from '../../server/src/lib/db/schema';
import { createCredential } from '../../server/src/xapi/service';
import type { TestApp } from './app';

export const sha256 = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

export interface PartSpec {
  content: Buffer | string;
  contentType?: string;
  /** Defaults to the SHA-256 of the content. */
  hash?: string;
  headers?: Record<string, string>;
}

/** A multipart/mixed request body: the statements as JSON, then one part per attachment. */
export function multipart(statements: unknown, parts: PartSpec[], boundary = 'xapi-test-boundary') {
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(statements)}\r\n`),
  ];
  for (const p of parts) {
    const headers = {
      'Content-Type': p.contentType ?? 'text/plain',
      'Content-Transfer-Encoding': 'binary',
      'X-Experience-API-Hash': p.hash ?? sha256(p.content),
      ...p.headers,
    };
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), Buffer.from(p.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: Buffer.concat(chunks) };
}

/** Reads a multipart/mixed response into its parts (headers in lower case, body as bytes). */
export function readMultipart(res: Response): { headers: Record<string, string>; body: Buffer }[] {
  const boundary = /boundary=([^;]+)/.exec(String(res.headers['content-type']))?.[1];
  if (!boundary) throw new Error(`not multipart: ${String(res.headers['content-type'])}`);
  const raw = res.body as Buffer;
  const text = raw.toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const part = chunk.slice(2, -2);
      const end = part.indexOf('\r\n\r\n');
      const headers = Object.fromEntries(
        part
          .slice(0, end)
          .split('\r\n')
          .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      return { headers, body: Buffer.from(part.slice(end + 4), 'latin1') };
    });
}

/** Collects any response body as bytes (supertest parses only the types it knows). */
export const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

/** A client for /xapi with fresh LRS credentials of the given scopes. */
export async function xapiClient(t: TestApp, version: string, ...scopes: LrsScope[]) {
  const c = await createCredential(t.database.db, `test ${scopes.join(' ')}`, scopes);
  const auth = `Basic ${Buffer.from(`${c.key}:${c.secret}`).toString('base64')}`;
  const V = { 'X-Experience-API-Version': version };
  return {
    auth,
    post: (body: unknown) =>
      t.request
        .post('/xapi/statements')
        .set(V)
        .set('Authorization', auth)
        .send(body as object),
    put: (id: string, body: unknown) =>
      t.request
        .put(`/xapi/statements?statementId=${id}`)
        .set(V)
        .set('Authorization', auth)
        .send(body as object),
    postMultipart: (m: { contentType: string; body: Buffer }) =>
      t.request
        .post('/xapi/statements')
        .set(V)
        .set('Authorization', auth)
        .set('Content-Type', m.contentType)
        .send(m.body),
    putMultipart: (id: string, m: { contentType: string; body: Buffer }) =>
      t.request
        .put(`/xapi/statements?statementId=${id}`)
        .set(V)
        .set('Authorization', auth)
        .set('Content-Type', m.contentType)
        .send(m.body),
    get: (query: string) => t.request.get(`/xapi/statements${query}`).set(V).set('Authorization', auth),
  };
}
