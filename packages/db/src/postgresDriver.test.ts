import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { GuardedPool } from './guardedPool.ts';
import { migrateDatabase } from './migrate.ts';
import { postgresDriverPair } from './postgresDriver.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import type { ScratchDatabase } from './scratchDatabase.ts';
import { sql } from './sqlDriver.ts';

const scratches: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.drop()));
});

/** Each statement a checked-out connection was given, and when its answer came, in order. */
function recordedPool(url: string): { pool: GuardedPool; events: string[] } {
  const events: string[] = [];
  const pool = new GuardedPool({ connectionString: url, max: 2, pipeline: true } as pg.PoolConfig);
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    const query = client.query.bind(client) as (config: unknown) => Promise<unknown>;
    (client as { query: (config: unknown) => Promise<unknown> }).query = (config: unknown) => {
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      const name = text.split(' ')[0]!;
      events.push(`sent ${name}`);
      const answer = query(config);
      answer.then(() => events.push(`answered ${name}`), () => events.push(`failed ${name}`));
      return answer;
    };
    return client;
  };
  return { pool, events };
}

describe.runIf(process.env.TEST_POSTGRES_URL)('the PostgreSQL SQL driver', () => {
  it('sends a transaction\'s statements without waiting for each answer: two round trips, not one per statement', async () => {
    const scratch = await createScratchDatabase('postgresql', process.env.TEST_POSTGRES_URL, 'pgdriver');
    scratches.push(scratch);
    await migrateDatabase('account', scratch.url);
    const { pool, events } = recordedPool(scratch.url);
    const { driver } = postgresDriverPair(pool, (shared) => new PrismaPg(shared));
    const now = new Date();
    const insert = (key: string) => ({ statement: sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${key}, 0, ${now}, 0, 0)` });
    const done = await driver.transaction([insert('a'), insert('b'), { statement: sql`UPDATE "RateLimit" SET "count" = 1 WHERE "key" = ${'a'}`, accept: (r) => r.changes === 1 }]);
    expect(done).toMatchObject({ committed: true });
    expect(done.results.map((r) => r.changes)).toEqual([1, 1, 1]);
    // BEGIN and the three steps were all sent before the first answer; COMMIT after the last.
    expect(events.slice(0, 4)).toEqual(['sent BEGIN', 'sent INSERT', 'sent INSERT', 'sent UPDATE']);
    expect(events.slice(4, 8)).toEqual(['answered BEGIN', 'answered INSERT', 'answered INSERT', 'answered UPDATE']);
    expect(events.slice(8)).toEqual(['sent COMMIT', 'answered COMMIT']);
    const check = new pg.Client({ connectionString: scratch.url });
    await check.connect();
    const { rows } = await check.query('SELECT "key", "count" FROM "RateLimit" ORDER BY "key"');
    expect(rows).toEqual([{ key: 'a', count: 1 }, { key: 'b', count: 0 }]);
    await check.end();
    await pool.end();
  });
});
