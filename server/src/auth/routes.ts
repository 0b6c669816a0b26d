import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Authenticator } from 'passport';
import type { Db } from '../lib/db';
import { Invalid, Unauthenticated } from '../lib/errors';
import { csrfToken } from './csrf';
import { currentUser, requireUser } from './middleware';
import { knownDevice, rememberDevice } from './device';
import { limiter } from './rate-limit';
import { ZEmailOnly, ZReset, ZSignIn, ZSignUp, ZVerify } from './schema';
import * as service from './service';

type Passport = Pick<Authenticator, 'authenticate'>;

const ACCEPTED = { message: 'If the address can receive mail, a message is on its way. Check your inbox.' };

/** Signs the user in on a fresh session id (passport regenerates the session). */
function login(req: Request, user: service.SessionUser): Promise<void> {
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}

export function authRoutes(
  deps: service.AuthDeps & { secure: boolean; oidcEnabled: boolean; keySecret: string },
  passport: Passport,
  db: Db,
): Router {
  const router = Router();
  const deviceOf = (req: Request) =>
    knownDevice(req, deps.keySecret, deps.secure, (req.body as { email?: unknown } | undefined)?.email);
  const fromKnownDevice = (req: Request) => deviceOf(req) !== undefined;
  const limits = {
    signupIp: limiter(db, { name: 'signup-ip', by: 'ip', windowMinutes: 60, max: 10 }, deps.keySecret),
    // Failures from one address limit that address for that account, not everyone behind it.
    signinIp: limiter(
      db,
      { name: 'signin-ip', by: 'ip-account', windowMinutes: 15, max: 50, failuresOnly: true, skip: fromKnownDevice },
      deps.keySecret,
    ),
    // Ten failures lock the account for 15 minutes, except from a device that signed in to it before,
    // which has a count of its own.
    signinAccount: limiter(
      db,
      { name: 'signin-account', by: 'account', windowMinutes: 15, max: 10, failuresOnly: true, skip: fromKnownDevice },
      deps.keySecret,
    ),
    signinDevice: limiter(
      db,
      {
        name: 'signin-device',
        by: 'device',
        windowMinutes: 15,
        max: 10,
        failuresOnly: true,
        device: deviceOf,
        skip: (req) => !fromKnownDevice(req),
      },
      deps.keySecret,
    ),
    resetIp: limiter(db, { name: 'reset-ip', by: 'ip', windowMinutes: 60, max: 10 }, deps.keySecret),
    resetAccount: limiter(db, { name: 'reset-account', by: 'account', windowMinutes: 60, max: 5 }, deps.keySecret),
  };

  router.get('/auth/session', (req, res) => {
    res.set('Cache-Control', 'no-store').json({
      user: currentUser(req) ?? null,
      csrfToken: csrfToken(req, res, deps.secure),
      oidc: deps.oidcEnabled,
      publicUrl: deps.publicUrl,
    });
  });

  router.post('/auth/signup', limits.signupIp, async (req, res) => {
    await service.signUp(deps, ZSignUp.parse(req.body));
    res.status(202).json(ACCEPTED);
  });

  router.post(
    '/auth/signin',
    limits.signinIp,
    limits.signinAccount,
    limits.signinDevice,
    (req: Request, res: Response, next: NextFunction) => {
      const { email } = ZSignIn.parse(req.body);
      passport.authenticate('local', (err: unknown, user: service.SessionUser | false, info?: { message?: string }) => {
        if (err) return next(err);
        if (!user)
          return next(
            new Unauthenticated(info?.message ?? 'The email or the password is not right.', {
              reason: 'auth.wrong_credentials',
            }),
          );
        rememberDevice(res, deps.keySecret, deps.secure, email);
        login(req, user).then(() => res.json({ user }), next);
      })(req, res, next);
    },
  );

  router.post('/auth/signout', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => res.status(204).end());
    });
  });

  router.post('/auth/verify', async (req, res) => {
    const user = service.toSessionUser(await service.verifyEmail(deps, ZVerify.parse(req.body).token));
    await login(req, user);
    res.json({ user });
  });

  router.post('/auth/verify/resend', async (req, res) => {
    await service.resendVerification(deps, requireUser(req).id);
    res.status(202).json(ACCEPTED);
  });

  router.post('/auth/forgot', limits.resetIp, limits.resetAccount, async (req, res) => {
    await service.requestPasswordReset(deps, ZEmailOnly.parse(req.body).email);
    res.status(202).json(ACCEPTED);
  });

  router.post('/auth/reset', limits.resetIp, async (req, res) => {
    const { token, password } = ZReset.parse(req.body);
    const user = service.toSessionUser(await service.resetPassword(deps, token, password));
    await login(req, user);
    res.json({ user });
  });

  router.get('/auth/oidc/start', (req, res, next) => {
    if (!deps.oidcEnabled)
      return next(
        new Invalid('Single sign-on is not set up on this Atrium (OIDC_ISSUER).', { reason: 'auth.no_single_sign_on' }),
      );
    passport.authenticate('oidc')(req, res, next);
  });

  router.get('/auth/oidc/callback', (req, res, next) => {
    if (!deps.oidcEnabled)
      return next(
        new Invalid('Single sign-on is not set up on this Atrium (OIDC_ISSUER).', { reason: 'auth.no_single_sign_on' }),
      );
    passport.authenticate('oidc', (err: unknown, user: service.SessionUser | false) => {
      if (err || !user) {
        req.log.warn({ err }, 'single sign-on failed');
        return res.redirect(`/sign-in?error=sso`);
      }
      login(req, user).then(() => res.redirect('/'), next);
    })(req, res, next);
  });

  return router;
}
