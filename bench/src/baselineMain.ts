// Child-process entry: the baseline app on DATABASE_URL (the account service's database), PORT.
import { createAccountDb } from '@recovery/db';
import { createBaselineApp } from './baselineApp.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL is required');
const db = createAccountDb(databaseUrl);
const server = createBaselineApp(db).listen(Number(process.env.PORT), '127.0.0.1');
const stop = (): void => {
  server.close(() => {
    void db.$disconnect().finally(() => process.exit(0));
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
