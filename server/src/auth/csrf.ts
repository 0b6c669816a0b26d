import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { Forbidden } from '../lib/errors';

export const CSRF_HEADER = 'x-csrf-token';

function cookieName(secure: boolean): string {
  return secure ? '__Host-atrium.csrf' : 'atrium.csrf';
}

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The token the client must echo in X-CSRF-Token; set as a cookie the first time it is asked for. */
export function csrfToken(req: Request, res: Response, secure: boolean): string {
  const name = cookieName(secure);
  const existing = readCookie(req, name);
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  res.cookie(name, token, { sameSite: 'lax', secure, httpOnly: false, path: '/' });
  return token;
}

/**
 * Double-submit check for state-changing requests: a page on another site can make the browser send
 * our cookies, but cannot read the token to put it in the header.
 */
export function csrfProtection(secure: boolean): RequestHandler {
  return (req, _res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
    const cookie = readCookie(req, cookieName(secure));
    const header = req.get(CSRF_HEADER);
    const ok =
      cookie !== undefined &&
      header !== undefined &&
      cookie.length === header.length &&
      timingSafeEqual(Buffer.from(cookie), Buffer.from(header));
    next(
      ok
        ? undefined
        : new Forbidden('The request has no valid CSRF token: reload the page and try again.', { reason: 'csrf' }),
    );
  };
}
