import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import supertest from 'supertest';
import { createApp } from '../../server/src/app';
import { createHttpServer } from '../../server/src/lib/http-server';
import type { Database } from '../../server/src/lib/db/index';
import { sessionSecret } from '../../server/src/auth/setup';
import type { Configuration as OidcConfiguration } from 'openid-client';
import { createLogger } from '../../server/src/lib/logger';
import { createMailer } from '../../server/src/lib/mail';
import os from 'node:os';
import { importCoursesFromDirectory } from '../../server/src/authoring/import-dir';
import { openTestDatabase } from './database';
import type { Role } from '../../server/src/lib/db/schema';
import { createUser } from '../../server/src/users/service';
import { createMetrics, type Metrics } from '../../server/src/metrics/service';

export const FIXTURE_COURSES = path.resolve(__dirname, '../fixtures/courses');

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: Database;
  request: ReturnType<typeof supertest>;
  metrics?: Metrics;
  close(): Promise<void>;
}

/** The real app on a real database, with the fixture courses imported; one per test file. */
export interface TestAppOptions {
  coursesDir?: string;
  clientDir?: string;
  /** smtp://… of a test SMTP server; without it mails go to a temporary folder. */
  smtpUrl?: string;
  publicUrl?: string;
  oidc?: OidcConfiguration;
  forwarding?: boolean;
  /** Count and time requests, as with METRICS_PORT set. */
  metrics?: boolean;
  /** Where the app logs; silent unless TEST_LOG_LEVEL is set. */
  logger?: ReturnType<typeof createLogger>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const results = await importCoursesFromDirectory(database.db, options.coursesDir ?? FIXTURE_COURSES);
  const failed = results.filter((r) => r.error);
  if (failed.length) throw new Error(`fixture import failed: ${failed.map((f) => f.error).join('; ')}`);
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const metrics = options.metrics ? createMetrics(database) : undefined;
  const app = createApp({
    database,
    logger,
    publicUrl: options.publicUrl ?? 'http://localhost:3000',
    forwarding: options.forwarding,
    clientDir: options.clientDir,
    sessionSecret: await sessionSecret(database.db, undefined),
    mailer: createMailer({
      smtpUrl: options.smtpUrl,
      from: 'Atrium <atrium@example.org>',
      mailDir: path.join(os.tmpdir(), 'atrium-test-mail'),
      logger,
    }),
    oidc: options.oidc,
    metrics,
  });
  return { app, database, metrics, request: supertest(app), close: () => database.close() };
}

export interface ServedApp {
  server: http.Server;
  baseUrl: string;
  close(): Promise<void>;
}

/** The app on a real socket, built as `npm start` builds its server, on a free local port. */
export async function serveOverHttp(app: TestApp['app']): Promise<ServedApp> {
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

let clients = 0;

/**
 * A client like the browser: keeps cookies and sends the CSRF token on every request. Each agent
 * comes from its own documentation-range address (through the trusted local proxy header), so the
 * per-address rate limits count each test's client apart.
 */
export async function browserAgent(app: TestApp['app']) {
  const agent = supertest.agent(app);
  clients++;
  agent.set('X-Forwarded-For', `198.51.${Math.floor(clients / 250) % 250}.${(clients % 250) + 1}`);
  const res = await agent.get('/api/auth/session').expect(200);
  agent.set('X-CSRF-Token', res.body.csrfToken as string);
  return agent;
}

let accounts = 0;
export const TEST_PASSWORD = 'a long enough passphrase';

/** A browser-like client signed in to a fresh account of the given role. */
export async function signedIn(t: TestApp, role: Role = 'learner', displayName = `Test ${role}`) {
  const email = `${role}${Date.now()}${accounts++}@example.org`;
  const user = await createUser(t.database.db, { email, password: TEST_PASSWORD, role, displayName });
  const agent = await browserAgent(t.app);
  await agent.post('/api/auth/signin').send({ email, password: TEST_PASSWORD }).expect(200);
  return { agent, email, id: user.id };
}
