import { configureSqlite, createPartnerDb, migrateDatabase, redactUrl } from '@recovery/db';
import { createLogger } from '@recovery/http';
import { loadConfig } from './config.ts';
import { createApp } from './createApp.ts';
import { seedDemo } from './seedDemo.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('partner', config.logLevel);
  const applied = await migrateDatabase('partner', config.databaseUrl);
  if (applied.length > 0) logger.info({ applied }, 'applied migrations');
  const db = createPartnerDb(config.databaseUrl);
  await configureSqlite(db, config.databaseUrl);
  await db.$queryRawUnsafe('SELECT 1');
  if (config.seedDemo && config.env !== 'production') {
    const accounts = await seedDemo(db);
    logger.info({ demoSignIns: accounts.map((a) => a.username) }, 'demo partner accounts ready');
  }
  const { app } = createApp(config, { db, logger });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  logger.info({ url: `http://${config.host}:${config.port}`, publicOrigin: config.publicOrigin, database: redactUrl(config.databaseUrl) }, 'partner listening');
  const stop = (): void => {
    server.close(() => {
      void db.$disconnect().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A clear one-line reason and a non-zero exit: a supervisor should not spin on a bad start.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`partner failed to start: ${message.split('\n')[0]}`);
  process.exit(1);
});
