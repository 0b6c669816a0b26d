import type { Request } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import * as oidcClient from 'openid-client';
import { Strategy as OidcStrategy, type VerifyFunction } from 'openid-client/passport';
import { AppError } from '../lib/errors';
import * as service from './service';
import { accountReadWithSession } from './session-store';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Discovers the provider once at start-up; plain http is accepted only for a provider on this machine. */
export async function discoverOidc(settings: OidcSettings): Promise<oidcClient.Configuration> {
  const url = new URL(settings.issuer);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return oidcClient.discovery(url, settings.clientId, settings.clientSecret, undefined, {
    execute: local && url.protocol === 'http:' ? [oidcClient.allowInsecureRequests] : [],
  });
}

export function configurePassport(deps: service.AuthDeps, oidc?: oidcClient.Configuration) {
  const instance = new passport.Passport();
  instance.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      service.authenticate(deps, email, password).then(
        (user) => done(null, service.toSessionUser(user)),
        (err: unknown) =>
          err instanceof AppError && err.status === 401 ? done(null, false, { message: err.message }) : done(err),
      );
    }),
  );
  if (oidc) {
    const verify: VerifyFunction = (tokens, done) => {
      const idClaims = tokens.claims();
      if (!idClaims) return done(new Error('the provider sent no ID token'));
      // Providers may keep email and name out of the ID token and give them from userinfo only.
      const claimsPromise = idClaims.email
        ? Promise.resolve(idClaims as Record<string, unknown>)
        : oidcClient.fetchUserInfo(oidc, tokens.access_token, idClaims.sub).then((info) => ({ ...idClaims, ...info }));
      claimsPromise
        .then((claims) =>
          service.signInWithOidc(deps, {
            issuer: idClaims.iss,
            subject: idClaims.sub,
            email: typeof claims.email === 'string' ? claims.email : undefined,
            emailVerified: claims.email_verified === true,
            name: typeof claims.name === 'string' ? claims.name : undefined,
            locale: typeof claims.locale === 'string' ? claims.locale : undefined,
          }),
        )
        .then(
          (user) => done(null, service.toSessionUser(user)),
          (err: unknown) => done(err),
        );
    };
    instance.use(
      'oidc',
      new OidcStrategy(
        { config: oidc, scope: 'openid email profile', callbackURL: `${deps.publicUrl}/api/auth/oidc/callback` },
        verify,
      ),
    );
  }
  instance.serializeUser((user, done) => done(null, (user as service.SessionUser).id));
  instance.deserializeUser((req: Request, id: string, done: (err: unknown, user?: Express.User | false) => void) => {
    service.userForSession(deps, id, accountReadWithSession(req)).then(
      (user) => done(null, user ?? false),
      (err: unknown) => done(err),
    );
  });
  return instance;
}
