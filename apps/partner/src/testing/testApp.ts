import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPartnerDb, createScratchDatabase, migrateDatabase } from '@recovery/db';
import type { PartnerDb, Provider } from '@recovery/db';
import { loadConfig } from '../config.ts';
import type { PartnerConfig } from '../config.ts';
import { createApp } from '../createApp.ts';
import type { PartnerApp } from '../createApp.ts';

/** SQLite always; PostgreSQL too when TEST_POSTGRES_URL names a server (CI sets it). */
export const providersUnderTest: Provider[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

export const testOrigin = 'http://localhost:4000';

export interface TestApp extends PartnerApp {
  db: PartnerDb;
  config: PartnerConfig;
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

/**
 * A real partner on its own fresh database (a temporary SQLite file or a new PostgreSQL
 * database), migrated by the same code as production, with a clock the test can move.
 */
export async function createTestApp(provider: Provider, env: Record<string, string> = {}): Promise<TestApp> {
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
  const built = createApp(config, { db, now: () => clock.now });
  return {
    ...built,
    db,
    config,
    clock,
    async close() {
      await db.$disconnect();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
