import { configureSqlite, createAccountDb, migrateDatabase, redactUrl, stepTimeoutMs } from '@recovery/db';
import { createLogger, drainOnSignals, listen, serveMetrics, startupFailureLine } from '@recovery/http';
import { loadConfig } from './config.ts';
import { createApp } from './createApp.ts';
import { seedDemo } from './seedDemo.ts';
import { completeDueRecoveries } from './accountRecovery/removeTwoFactorForRecovery.ts';

/** DATABASE_TIMEOUT_MS, once read: a start that timed out says which setting gave up. */
let timeoutMs: number | undefined;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('account', config.logLevel, config.env === 'development');
  timeoutMs = config.databaseTimeoutMs;
  const applied = await migrateDatabase('account', config.databaseUrl, { timeoutMs });
  if (applied.length > 0) logger.info({ applied }, 'applied migrations');
  // A server WARNING (e.g. "there is already a transaction in progress") means a bug here: logged.
  const db = createAccountDb(config.databaseUrl, { timeoutMs, onServerWarning: (warning) => logger.warn({ code: warning.code, warning: warning.message }, 'database server warning') });
  await configureSqlite(db, config.databaseUrl);
  await db.$queryRawUnsafe('SELECT 1');
  const { app, ctx, shutdown, metrics, sweeper: expiredRows } = createApp(config, { db, logger });
  if (config.seedDemo && config.env !== 'production') await seedDemo(ctx);
  // Approved recoveries take effect when their waiting period ends, even if nobody signs in.
  const sweeper = setInterval(() => {
    completeDueRecoveries(ctx).catch((error: unknown) => logger.error({ err: error }, 'completing due recoveries failed'));
  }, 60_000);
  sweeper.unref();
  shutdown.onClose(() => clearInterval(sweeper));
  const server = await listen(app, config.port, config.host);
  logger.info({ url: `http://${config.host}:${config.port}`, publicOrigin: config.publicOrigin, database: redactUrl(config.databaseUrl) }, 'account service listening');
  shutdown.onClose(() => db.$disconnect());
  // Registered after the disconnect, so it runs first (newest first): no sweep outlives the database.
  if (config.sweep.intervalMs > 0) expiredRows.start();
  shutdown.onClose(() => expiredRows.stop());
  if (config.metricsPort !== undefined) await serveMetrics(metrics, config.metricsPort, shutdown);
  drainOnSignals(server, shutdown, logger, config.shutdownTimeoutMs);
}

main().catch((error: unknown) => {
  // A clear one-line reason and a non-zero exit: a supervisor should not spin on a bad start.
  const deadline = timeoutMs === undefined ? undefined : { setting: timeoutMs, connectMs: stepTimeoutMs({ timeoutMs }) };
  console.error(startupFailureLine('account service', error, deadline));
  process.exit(1);
});
