import { configureSqlite, createPartnerDb, migrateDatabase, redactUrl, stepTimeoutMs } from '@recovery/db';
import { createLogger, listen, startupFailureLine } from '@recovery/http';
import { loadConfig } from './config.ts';
import { createApp } from './createApp.ts';
import { seedDemo } from './seedDemo.ts';

/** DATABASE_TIMEOUT_MS, once read: a start that timed out says which setting gave up. */
let timeoutMs: number | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('partner', config.logLevel, config.env === 'development');
  timeoutMs = config.databaseTimeoutMs;
  const applied = await migrateDatabase('partner', config.databaseUrl, { timeoutMs });
  if (applied.length > 0) logger.info({ applied }, 'applied migrations');
  const db = createPartnerDb(config.databaseUrl, { timeoutMs });
  await configureSqlite(db, config.databaseUrl);
  await db.$queryRawUnsafe('SELECT 1');
  if (config.seedDemo && config.env !== 'production') {
    const accounts = await seedDemo(db);
    logger.info({ demoSignIns: accounts.map((a) => a.username) }, 'demo partner accounts ready');
  }
  const { app, shutdown } = createApp(config, { db, logger });
  const server = await listen(app, config.port, config.host);
  logger.info({ url: `http://${config.host}:${config.port}`, publicOrigin: config.publicOrigin, database: redactUrl(config.databaseUrl) }, 'partner listening');
  shutdown.onClose(() => db.$disconnect());
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'draining: finishing requests in flight');
    void shutdown.drain(server, config.shutdownTimeoutMs).then((drained) => {
      if (drained) logger.info('drained; exiting');
      else logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'requests still in flight at SHUTDOWN_TIMEOUT_MS; cut them, exiting 1');
      process.exit(drained ? 0 : 1);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A clear one-line reason and a non-zero exit: a supervisor should not spin on a bad start.
  const deadline = timeoutMs === undefined ? undefined : { setting: timeoutMs, connectMs: stepTimeoutMs({ timeoutMs }) };
  console.error(startupFailureLine('partner', error, deadline));
  process.exit(1);
});
