import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import session from 'express-session';
import type { Configuration as OidcConfiguration } from 'openid-client';
import type { Logger } from 'pino';
import { accountRoutes } from './account/routes';
import { authoringRoutes } from './authoring/routes';
import { csrfProtection } from './auth/csrf';
import { currentUser, requireRole } from './auth/middleware';
import { discussionAccountHooks } from './discussions/account';
import { discussionRoutes, unsubscribeRoutes } from './discussions/routes';
import { enrolmentRoutes } from './learning/enrolment-routes';
import { configurePassport } from './auth/passport';
import { authRoutes } from './auth/routes';
import { DbSessionStore } from './auth/session-store';
import type { Mailer } from './lib/mail';
import { reportRoutes } from './reports/routes';
import { userAdminRoutes } from './users/routes';
import { lrsAdminRoutes } from './xapi/admin-routes';
import { xapiRoutes } from './xapi/routes';
import { pinoHttp } from 'pino-http';
import { catalogRoutes } from './catalog/routes';
import { certificateRoutes } from './certificates/routes';
import { learningAccountHooks } from './learning/account';
import { projectLearning } from './learning/projection';
import { learningRoutes } from './learning/routes';
import { resourceRoutes } from './catalog/resource-routes';
import { releaseRoutes } from './releases/routes';
import { createLrs, type Lrs } from './xapi/lrs';
import { healthRoutes } from './health/routes';
import { proxyProtoCheck } from './lib/proxy-check';
import type { Database } from './lib/db/index';
import { errorHandler, notFoundHandler } from './lib/errors';
import { inputGuard } from './lib/input-guard';
import type { Metrics } from './metrics/service';

export interface AppOptions {
  database: Database;
  logger: Logger;
  publicUrl: string;
  /** Statements also go to the outbox of an external LRS (the forwarder sends them). */
  forwarding?: boolean;
  sessionSecret: string;
  mailer: Mailer;
  oidc?: OidcConfiguration;
  /** The built client (index.html and assets); omitted in API tests. */
  clientDir?: string;
  /** Express's `trust proxy` (TRUST_PROXY); loopback when not given. */
  trustProxy?: string | number;
  /** Counts and times requests for /metrics (served on a port of its own, see metrics/service.ts). */
  metrics?: Metrics;
}

/** HTTP Basic with a key (empty credentials, which some xAPI clients send, mean "use the session"). */
function hasCredentialKey(req: express.Request): boolean {
  const header = req.get('Authorization');
  if (!header?.startsWith('Basic ')) return false;
  return !Buffer.from(header.slice(6), 'base64').toString('utf8').startsWith(':') && header.length > 6;
}

/**
 * The platform's LRS: statements from any source (the reader, a tool with a key, the platform itself)
 * are stored by it and reach the learning projector, which keeps progress and decides completion.
 */
export function createPlatformLrs(options: { db: Database['db']; publicUrl: string; forwarding?: boolean }): Lrs {
  return createLrs({ ...options, projectors: [projectLearning] });
}

function runAll(
  handlers: express.RequestHandler[],
  req: express.Request,
  res: express.Response,
  next: express.NextFunction,
) {
  const [first, ...rest] = handlers;
  if (!first) return next();
  void first(req, res, (err?: unknown) => (err ? next(err) : runAll(rest, req, res, next)));
}

export function createApp({
  database,
  logger,
  publicUrl,
  forwarding,
  clientDir,
  sessionSecret,
  mailer,
  oidc,
  trustProxy = 'loopback',
  metrics,
}: AppOptions): express.Express & { lrs: Lrs } {
  const app = express();
  app.disable('x-powered-by');
  if (metrics) app.use(metrics.middleware);
  app.set('trust proxy', trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null },
      },
      strictTransportSecurity: publicUrl.startsWith('https://'),
    }),
  );
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(express.json({ limit: '1mb' }));
  app.use(inputGuard);
  app.use(proxyProtoCheck(publicUrl, logger));

  app.use(healthRoutes(database));

  const db = database.db;
  const secure = publicUrl.startsWith('https://');
  const authDeps = {
    db,
    mailer,
    publicUrl,
    onMailError: (err: unknown) => logger.error({ err }, 'a mail could not be sent'),
  };
  const passport = configurePassport(authDeps, oidc);
  const sessions = session({
    name: secure ? '__Host-atrium.sid' : 'atrium.sid',
    secret: sessionSecret,
    store: new DbSessionStore(db),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: 30 * 24 * 3600_000, path: '/' },
  });
  const signedIn = [sessions, passport.initialize(), passport.session()];

  const lrs = createPlatformLrs({ db, publicUrl, forwarding });

  const xapi = express.Router();
  // Tools that send LRS credentials have no session to read: skip the session machinery for them.
  xapi.use((req, res, next) => (hasCredentialKey(req) ? next() : runAll(signedIn, req, res, next)));
  xapi.use(xapiRoutes(lrs, currentUser));
  xapi.use(notFoundHandler);
  app.use('/xapi', xapi);

  const api = express.Router();
  api.use(signedIn);
  // The digest's unsubscribe link carries its own token and works from a mail, without a session.
  api.use(unsubscribeRoutes(db));
  api.use(csrfProtection(secure));
  api.use(authRoutes({ ...authDeps, secure, oidcEnabled: Boolean(oidc), keySecret: sessionSecret }, passport, db));
  api.use(
    accountRoutes({
      db,
      lrs,
      hooks: {
        exportSections: [...learningAccountHooks.exportSections!, ...discussionAccountHooks.exportSections!],
        onErase: [...learningAccountHooks.onErase!, ...discussionAccountHooks.onErase!],
        onProfileChanged: learningAccountHooks.onProfileChanged,
      },
    }),
  );
  api.use(userAdminRoutes(db));
  api.use(lrsAdminRoutes(lrs, requireRole('admin')));
  api.use(reportRoutes(db, publicUrl));
  api.use(authoringRoutes(db));
  api.use(enrolmentRoutes(lrs));
  api.use(learningRoutes(lrs));
  api.use(discussionRoutes(lrs, sessionSecret));
  api.use(certificateRoutes(db, publicUrl));
  api.use(releaseRoutes(db));
  api.use(catalogRoutes(db));
  api.use(resourceRoutes(db));
  api.use(notFoundHandler);
  app.use('/api', api);

  if (clientDir && fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1y', immutable: true }));
    const indexHtml = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
    app.get('/{*path}', (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('html').send(indexHtml);
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return Object.assign(app, { lrs });
}
