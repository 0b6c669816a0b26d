import http, { type ServerResponse } from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig } from './lib/config';
import { openDatabase } from './lib/db/index';
import { partitionStatementsByMonth } from './lib/db/partitions';
import { discoverOidc } from './auth/passport';
import { sessionSecret } from './auth/setup';
import { createHttpServer } from './lib/http-server';
import { createLogger } from './lib/logger';
import { createMailer } from './lib/mail';
import { CLIENT_DIR } from './lib/paths';
import { createMetrics } from './metrics/service';
import { runningServerPid, writeServerLock } from './lib/runtime-lock';
import { importCoursesFromDirectory } from './authoring/import-dir';
import { Forwarder } from './xapi/forwarder';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.databaseUrl) {
    const other = runningServerPid(config.dataDir);
    if (other)
      throw new Error(`Another Atrium server (pid ${other}) is already using ${config.dataDir}; stop it first.`);
  }
  const releaseLock = config.databaseUrl ? () => {} : writeServerLock(config.dataDir);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pglite'),
  });
  await database.migrate();
  if (config.statementsPartitioned)
    await database.exclusively('migrations', () => partitionStatementsByMonth(database.db));
  logger.info({ database: database.kind }, 'database ready');

  // Replicas starting together would each import the same new course: one at a time, the later finds it done.
  const imported = await database.exclusively('course import', () =>
    importCoursesFromDirectory(database.db, config.coursesDir),
  );
  for (const result of imported) {
    for (const p of result.problems.filter((x) => x.severity === 'error'))
      logger.warn(`${p.file}:${p.line}: ${p.message}`);
    if (result.error)
      logger.error({ course: result.courseId ?? result.courseDir }, `course not imported: ${result.error}`);
    else logger.info({ course: result.courseId, releases: result.outcomes }, 'course imported');
  }

  const metrics = config.metricsPort ? createMetrics(database) : undefined;
  const app = createApp({
    database,
    logger,
    publicUrl: config.publicUrl,
    forwarding: Boolean(config.lrsForward),
    clientDir: CLIENT_DIR,
    sessionSecret: await sessionSecret(database.db, config.sessionSecret),
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailDir: config.mailDir, logger }),
    oidc: config.oidc ? await discoverOidc(config.oidc) : undefined,
    trustProxy: config.trustProxy,
    metrics,
  });
  const stopListening = await app.lrs.forgetRevokedCredentials(database);
  const metricsServer = metrics
    ? http
        .createServer(metrics.handler)
        .listen(config.metricsPort, () =>
          logger.info(`Prometheus metrics on port ${config.metricsPort} (GET /metrics)`),
        )
    : undefined;
  const forwarder = config.lrsForward ? new Forwarder(database.db, config.lrsForward, logger) : undefined;
  forwarder?.start();
  const server = createHttpServer(app).listen(config.port, () =>
    logger.info(`Atrium is running at ${config.publicUrl}`),
  );

  let stopping = false;
  // Once stopping, every answer closes its connection, so keep-alive clients (a proxy) go elsewhere.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (stopping) res.shouldKeepAlive = false;
  });
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      logger.error('open requests did not finish within 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
    logger.info({ signal }, 'shutting down: finishing open requests');
    // No new connections; idle ones are closed now, busy ones when their answer is sent.
    metricsServer?.close();
    const closed = new Promise((resolve) => server.close(resolve));
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await closed;
    clearInterval(sweep);
    await app.lrs.writesDone();
    await forwarder?.stop();
    await stopListening();
    await database.close();
    releaseLock();
    logger.info('stopped');
    process.exit(0);
  };
  const onSignal = (signal: string) =>
    void shutdown(signal).catch((err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
