import path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig } from './lib/config';
import { openDatabase } from './lib/db/index';
import { discoverOidc } from './auth/passport';
import { sessionSecret } from './auth/setup';
import { createHttpServer } from './lib/http-server';
import { createLogger } from './lib/logger';
import { createMailer } from './lib/mail';
import { CLIENT_DIR } from './lib/paths';
import { runningServerPid, writeServerLock } from './lib/runtime-lock';
import { importCoursesFromDirectory } from './releases/import-dir';
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
  logger.info({ database: database.kind }, 'database ready');

  for (const result of await importCoursesFromDirectory(database.db, config.coursesDir)) {
    for (const p of result.problems.filter((x) => x.severity === 'error'))
      logger.warn(`${p.file}:${p.line}: ${p.message}`);
    if (result.error)
      logger.error({ course: result.courseId ?? result.courseDir }, `course not imported: ${result.error}`);
    else logger.info({ course: result.courseId, releases: result.outcomes }, 'course imported');
  }

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
  });
  const forwarder = config.lrsForward ? new Forwarder(database.db, config.lrsForward, logger) : undefined;
  forwarder?.start();
  const server = createHttpServer(app).listen(config.port, () =>
    logger.info(`Atrium is running at ${config.publicUrl}`),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing open requests');
    server.close(async () => {
      await forwarder?.stop();
      await database.close();
      releaseLock();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logger.error('open requests did not finish within 10 s; exiting');
      process.exit(1);
    }, 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
