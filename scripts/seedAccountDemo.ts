// Seeds the account service's demo data before it starts, from the same configuration the
// service will read, so `npm start` can print the staff account's setup key.
import { createAccountDb, migrateDatabase } from '@recovery/db';
import { createLogger } from '@recovery/http';
import { loadConfig } from '../apps/account/src/config.ts';
import { createApp } from '../apps/account/src/createApp.ts';
import { seedDemo } from '../apps/account/src/seedDemo.ts';
import type { DemoAccount } from '../apps/account/src/seedDemo.ts';

export async function seedAccountDemo(env: NodeJS.ProcessEnv): Promise<{ accounts: DemoAccount[]; staffSetupKey: string }> {
  const config = loadConfig(env);
  await migrateDatabase('account', config.databaseUrl);
  const db = createAccountDb(config.databaseUrl, { poolSize: 1 });
  try {
    const { ctx } = createApp(config, { db, logger: createLogger('seed', 'silent') });
    return await seedDemo(ctx);
  } finally {
    await db.$disconnect();
  }
}
