import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * "This device has signed in to this account before": a cookie holding a random id and a keyed hash
 * (HMAC with the server's secret) of that id and the account's e-mail. Nobody can make one without
 * the secret, so a guesser without the owner's device still meets the per-account lock, while the
 * owner's own browser does not; each device keeps its own count of failures.
 */
const cookieName = (secure: boolean) => (secure ? '__Host-atrium.device' : 'atrium.device');
const YEAR_MS = 365 * 24 * 3600_000;

const mac = (secret: string, id: string, email: string) =>
  createHmac('sha256', secret).update(`device\0${id}\0${email.trim().toLowerCase()}`).digest('base64url');

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function rememberDevice(res: Response, secret: string, secure: boolean, email: string): void {
  const id = randomBytes(16).toString('base64url');
  res.cookie(cookieName(secure), `${id}.${mac(secret, id, email)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: YEAR_MS,
  });
}

/** The device's id when the request carries a genuine cookie for this e-mail; otherwise undefined. */
export function knownDevice(req: Request, secret: string, secure: boolean, email: unknown): string | undefined {
  if (typeof email !== 'string') return undefined;
  const [id, given] = (readCookie(req, cookieName(secure)) ?? '').split('.');
  if (!id || !given) return undefined;
  const expected = Buffer.from(mac(secret, id, email));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : undefined;
}
