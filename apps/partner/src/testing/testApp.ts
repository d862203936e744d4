import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPartnerDb, createScratchDatabase, migrateDatabase } from '@recovery/db';
import type { PartnerDb, Provider } from '@recovery/db';
import { loadConfig } from '../config.ts';
import type { PartnerConfig } from '../config.ts';
import { createApp } from '../createApp.ts';
import type { PartnerApp, PartnerDependencies } from '../createApp.ts';

/** SQLite always; PostgreSQL too when TEST_POSTGRES_URL names a server (CI sets it). */
export const providersUnderTest: Provider[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

export const testOrigin = 'http://localhost:4000';

export interface TestApp extends PartnerApp {
  db: PartnerDb;
  config: PartnerConfig;
  clock: { now: Date; advance(ms: number): void };
  /** Another instance of the app on the same database and configuration (a restart, or a second server). */
  newInstance(): PartnerApp;
  close(): Promise<void>;
}

/**
 * A real partner on its own fresh database (a temporary SQLite file or a new PostgreSQL
 * database), migrated by the same code as production, with a clock the test can move.
 */
export async function createTestApp(provider: Provider, env: Record<string, string> = {}, deps: Partial<PartnerDependencies> = {}): Promise<TestApp> {
  const scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'partner_test');
  await migrateDatabase('partner', scratch.url);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'partner-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: testOrigin,
    DATABASE_URL: scratch.url,
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...env,
  });
  const db = createPartnerDb(scratch.url, { poolSize: 5 });
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const instance = (): PartnerApp => createApp(config, { ...deps, db, now: () => clock.now });
  const built = instance();
  return {
    ...built,
    db,
    config,
    clock,
    newInstance: instance,
    async close() {
      await built.sweeper.stop();
      await db.$disconnect();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
