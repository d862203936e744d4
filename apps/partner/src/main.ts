import { configureSqlite, createPartnerDb, migrateDatabase, redactUrl, stepTimeoutMs } from '@recovery/db';
import { createLogger, drainOnSignals, listen, serveMetrics, startupFailureLine } from '@recovery/http';
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
  // A server WARNING (e.g. "there is already a transaction in progress") means a bug here: logged.
  const db = createPartnerDb(config.databaseUrl, { timeoutMs, onServerWarning: (warning) => logger.warn({ code: warning.code, warning: warning.message }, 'database server warning') });
  await configureSqlite(db, config.databaseUrl);
  await db.$queryRawUnsafe('SELECT 1');
  if (config.seedDemo && config.env !== 'production') {
    const accounts = await seedDemo(db);
    logger.info({ demoSignIns: accounts.map((a) => a.username) }, 'demo partner accounts ready');
  }
  const { app, shutdown, metrics, sweeper } = createApp(config, { db, logger });
  const server = await listen(app, config.port, config.host);
  logger.info({ url: `http://${config.host}:${config.port}`, publicOrigin: config.publicOrigin, database: redactUrl(config.databaseUrl) }, 'partner listening');
  shutdown.onClose(() => db.$disconnect());
  // Registered after the disconnect, so it runs first (newest first): no sweep outlives the database.
  if (config.sweep.intervalMs > 0) sweeper.start();
  shutdown.onClose(() => sweeper.stop());
  if (config.metricsPort !== undefined) await serveMetrics(metrics, config.metricsPort, shutdown);
  drainOnSignals(server, shutdown, logger, config.shutdownTimeoutMs);
}

main().catch((error: unknown) => {
  // A clear one-line reason and a non-zero exit: a supervisor should not spin on a bad start.
  const deadline = timeoutMs === undefined ? undefined : { setting: timeoutMs, connectMs: stepTimeoutMs({ timeoutMs }) };
  console.error(startupFailureLine('partner', error, deadline));
  process.exit(1);
});
