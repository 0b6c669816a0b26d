import { createHash } from 'node:crypto';
import { Invalid } from '../lib/errors';
import type { Part } from './multipart';

/**
 * Attachments (xAPI 1.0.3 Communication §1.5.2): after the statement part, each part holds the content
 * of one attachment, named by the SHA-2 of its bytes in X-Experience-API-Hash.
 */
type Obj = Record<string, unknown>;

export interface AttachmentBody {
  sha2: string;
  contentType: string;
  content: Buffer;
}

const ALGORITHM: Record<number, string> = { 56: 'sha224', 64: 'sha256', 96: 'sha384', 128: 'sha512' };

export function sha2Of(content: Buffer, like: string): string | undefined {
  const algorithm = ALGORITHM[like.length];
  return algorithm && createHash(algorithm).update(content).digest('hex');
}

/** The attachment parts of a multipart request, each checked against its own hash header. */
export function readAttachmentParts(parts: Part[]): AttachmentBody[] {
  return parts.map((part, i) => {
    const name = `multipart part ${i + 2}`;
    const hash = part.headers['x-experience-api-hash']?.toLowerCase();
    if (!hash)
      throw new Invalid(`${name}: X-Experience-API-Hash is required (the SHA-2 of the part's content, in hex).`);
    const encoding = part.headers['content-transfer-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'binary')
      throw new Invalid(
        `${name}: Content-Transfer-Encoding must be binary (not ${encoding}); send the bytes as they are.`,
      );
    const actual = sha2Of(part.body, hash);
    if (!actual)
      throw new Invalid(`${name}: X-Experience-API-Hash must be a SHA-224, -256, -384 or -512 hash in hexadecimal.`);
    if (actual !== hash)
      throw new Invalid(
        `${name}: its content has the SHA-2 ${actual}, not the X-Experience-API-Hash ${hash} it names.`,
      );
    return {
      sha2: hash,
      contentType: part.headers['content-type'] ?? 'application/octet-stream',
      content: part.body,
    };
  });
}

/**
 * Every attachment without fileUrl needs its part, and every part must belong to an attachment of the
 * statements; returns the problems, each naming the attachment or part.
 */
export function attachmentProblems(statements: { statement: Obj; path: string }[], parts: AttachmentBody[]): string[] {
  const problems: string[] = [];
  const sent = new Set(parts.map((p) => p.sha2));
  const declared = new Set<string>();
  for (const { statement, path } of statements) {
    const list = Array.isArray(statement.attachments) ? (statement.attachments as Obj[]) : [];
    list.forEach((a, i) => {
      const sha2 = String(a.sha2).toLowerCase();
      declared.add(sha2);
      if (a.fileUrl === undefined && !sent.has(sha2))
        problems.push(
          `${path}.attachments[${i}]: has no fileUrl, so its content must be sent as a multipart/mixed part with X-Experience-API-Hash ${sha2}`,
        );
    });
  }
  for (const part of parts)
    if (!declared.has(part.sha2))
      problems.push(
        `the multipart part with X-Experience-API-Hash ${part.sha2} belongs to no attachment of the statements`,
      );
  return problems;
}
