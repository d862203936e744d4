import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAccountDb, createScratchDatabase, migrateDatabase } from '@recovery/db';
import type { AccountDb, Provider } from '@recovery/db';
import { loadConfig } from '../config.ts';
import type { AccountConfig } from '../config.ts';
import { createApp } from '../createApp.ts';
import type { AccountApp } from '../createApp.ts';
import type { Logger } from 'pino';
import { surveyCommits } from './commitSurvey.ts';

/** SQLite always; PostgreSQL too when TEST_POSTGRES_URL names a server (CI sets it). */
export const providersUnderTest: Provider[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

export interface TestApp extends AccountApp {
  db: AccountDb;
  config: AccountConfig;
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

/**
 * A real account service on its own fresh database (a temporary SQLite file or a new PostgreSQL
 * database), migrated by the same code as production, with a clock the test can move.
 */
export async function createTestApp(provider: Provider, env: Record<string, string> = {}, options: { realClock?: boolean; logger?: Logger } = {}): Promise<TestApp> {
  const scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'account_test');
  await migrateDatabase('account', scratch.url);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'account-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'http://localhost:3000',
    DATABASE_URL: scratch.url,
    DATA_DIR: dataDir,
    SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WEB_DIST: path.join(dataDir, 'no-web'),
    ...env,
  });
  // The deadline the configuration names, as main.ts wires it.
  const db = createAccountDb(scratch.url, { poolSize: 5, timeoutMs: config.databaseTimeoutMs });
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  // A real clock for tests that exchange time-checked tokens with another live service.
  const built = createApp(config, { db, now: options.realClock ? () => new Date() : () => clock.now, ...(options.logger ? { logger: options.logger } : {}) });
  return {
    ...built,
    app: surveyCommits(built.app, db, provider),
    db,
    config,
    clock,
    async close() {
      await built.sweeper.stop();
      await db.$disconnect();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
