import { randomBytes } from 'node:crypto';
import { Invalid } from '../lib/errors';

/**
 * A small, strict reader and writer of multipart/mixed (RFC 2046 §5.1), the format xAPI uses to send
 * statements with their attachments. Parts are kept as raw bytes: attachments are binary and their
 * SHA-2 hashes are taken over exactly the bytes between the part's headers and the next delimiter.
 * Header lines must end with CRLF, as the RFC says; folded header lines are refused.
 */
export interface Part {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

const CRLF = Buffer.from('\r\n');
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

/** The boundary parameter of a multipart Content-Type header. */
export function boundaryOf(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || !BOUNDARY.test(boundary))
    throw new Invalid(
      'Content-Type multipart/mixed needs a boundary parameter of 1 to 70 characters, e.g. multipart/mixed; boundary=abc123.',
    );
  return boundary;
}

function parseHeaders(block: string, index: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (block === '') return headers;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line))
      throw new Invalid(`multipart part ${index + 1}: the header line "${line.slice(0, 80)}" is not "Name: value".`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Splits a multipart body into its parts; anything that breaks the format is refused with 400. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.concat([CRLF, delimiter]);
  // The first delimiter opens the body, or follows a preamble and a line break.
  let at = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(next);
  if (at < 0) throw new Invalid(`The multipart body holds no part delimited by --${boundary}.`);
  if (at > 0) at += CRLF.length;
  const parts: Part[] = [];
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (!body.subarray(at, at + 2).equals(CRLF))
      throw new Invalid(`multipart: a line break must follow the delimiter --${boundary}.`);
    at += 2;
    const end = body.indexOf(next, at);
    if (end < 0)
      throw new Invalid(
        `multipart: the body does not end with the closing delimiter --${boundary}-- (is it cut short?).`,
      );
    const part = body.subarray(at, end);
    const headerEnd = part.subarray(0, 2).equals(CRLF) ? 0 : part.indexOf('\r\n\r\n');
    if (headerEnd < 0)
      throw new Invalid(`multipart part ${parts.length + 1}: an empty line (CRLF CRLF) must end the part's headers.`);
    parts.push({
      headers: parseHeaders(part.subarray(0, headerEnd).toString('latin1'), parts.length),
      body: part.subarray(headerEnd + (headerEnd === 0 ? 2 : 4)),
    });
    at = end + CRLF.length;
  }
}

/** Writes parts as one multipart body with a boundary that none of them contains. */
export function buildMultipart(parts: Part[]): { boundary: string; body: Buffer } {
  let boundary: string;
  do boundary = `atrium-${randomBytes(16).toString('hex')}`;
  while (parts.some((p) => p.body.includes(boundary)));
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head = Object.entries(part.headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), part.body, CRLF);
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { boundary, body: Buffer.concat(chunks) };
}
