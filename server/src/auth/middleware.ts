import type { Request, RequestHandler } from 'express';
import type { Role } from '../lib/db/schema';
import { Forbidden, Unauthenticated } from '../lib/errors';
import type { SessionUser } from './service';

export function currentUser(req: Request): SessionUser | undefined {
  return req.user as SessionUser | undefined;
}

export function requireUser(req: Request): SessionUser {
  const user = currentUser(req);
  if (!user) throw new Unauthenticated('Sign in first.');
  return user;
}

/** 401 without a session, 403 with one that lacks the role. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const user = currentUser(req);
    if (!user) return next(new Unauthenticated('Sign in first.'));
    if (!roles.includes(user.role))
      return next(new Forbidden(`This needs the ${roles.join(' or ')} role.`, { reason: 'auth.needs_role', roles }));
    next();
  };
}
