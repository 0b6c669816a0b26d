import { randomBytes } from 'node:crypto';
import { Invalid } from '../lib/errors';

/**
 * A small, strict reader and writer of multipart/mixed (RFC 2046 §5.1), the format xAPI uses to send
 * statements with their attachments. Parts are kept as raw bytes: attachments are binary and their
 * SHA-2 hashes are taken over exactly the bytes between the part's headers and the next delimiter.
 * Header lines may end with CRLF (as the RFC says) or a bare LF; folded header lines are refused.
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
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || /^[ \t]/.test(line))
      throw new Invalid(`multipart part ${index + 1}: the header line "${line.slice(0, 80)}" is not "Name: value".`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

const LF = 0x0a;
const CR = 0x0d;

/** Where a part's headers end: the first empty line (CRLF CRLF, or LF LF from clients that write bare LF). */
function headerEnd(part: Buffer): { end: number; skip: number } | undefined {
  if (part[0] === CR && part[1] === LF) return { end: 0, skip: 2 };
  if (part[0] === LF) return { end: 0, skip: 1 };
  const crlf = part.indexOf('\r\n\r\n');
  const lf = part.indexOf('\n\n');
  if (crlf < 0 && lf < 0) return undefined;
  if (lf < 0 || (crlf >= 0 && crlf < lf)) return { end: crlf, skip: 4 };
  return { end: lf, skip: 2 };
}

/**
 * Splits a multipart body into its parts; anything that breaks the format is refused with 400. The
 * boundary never occurs inside a part (RFC 2046 §5.1.1), so each delimiter is found by the boundary
 * alone. The line break before it belongs to the delimiter and is not part of the content; it may be
 * CRLF or a bare LF, and a client that writes none (as the @xapi/xapi library does after an attachment
 * followed by another part) is read the same way. A preamble before the first delimiter is ignored.
 */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Invalid(`The multipart body holds no part delimited by --${boundary}.`);
  const parts: Part[] = [];
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] === CR && body[at + 1] === LF) at += 2;
    else if (body[at] === LF) at += 1;
    else throw new Invalid(`multipart: a line break must follow the delimiter --${boundary}.`);
    const next = body.indexOf(delimiter, at);
    if (next < 0)
      throw new Invalid(
        `multipart: the body does not end with the closing delimiter --${boundary}-- (is it cut short?).`,
      );
    let end = next;
    if (end > at && body[end - 1] === LF) end -= end - 1 > at && body[end - 2] === CR ? 2 : 1;
    const part = body.subarray(at, end);
    const head = headerEnd(part);
    if (!head)
      throw new Invalid(`multipart part ${parts.length + 1}: an empty line (CRLF CRLF) must end the part's headers.`);
    parts.push({
      headers: parseHeaders(part.subarray(0, head.end).toString('latin1'), parts.length),
      body: part.subarray(head.end + head.skip),
    });
    at = next;
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
