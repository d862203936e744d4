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

  it('runs a transaction again when the server broke a deadlock by rolling it back', async () => {
    const scratch = await createScratchDatabase('postgresql', process.env.TEST_POSTGRES_URL, 'pgdriver');
    scratches.push(scratch);
    await migrateDatabase('account', scratch.url);
    const pool = new GuardedPool({ connectionString: scratch.url, max: 4, pipeline: true } as pg.PoolConfig);
    const { driver } = postgresDriverPair(pool, (shared) => new PrismaPg(shared));
    const now = new Date();
    for (const key of ['a', 'b']) await driver.query(sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${key}, 0, ${now}, 0, 0)`);
    let statements = 0;
    driver.observe({ statement: () => (statements += 1), commit: () => undefined });
    // A gate both transactions stop at after locking their first row, so their second updates
    // (each the other's row) meet for certain.
    const gate = new pg.Client({ connectionString: scratch.url });
    await gate.connect();
    await gate.query('SELECT pg_advisory_lock(42)');
    const bump = (key: string) => ({ statement: sql`UPDATE "RateLimit" SET "count" = "count" + 1 WHERE "key" = ${key}`, accept: (r: { changes: number }) => r.changes === 1 });
    const wait = { statement: sql`SELECT pg_advisory_xact_lock_shared(42)` };
    const first = driver.transaction([bump('a'), wait, bump('b')]);
    const second = driver.transaction([bump('b'), wait, bump('a')]);
    for (;;) {
      const { rows } = await gate.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      if (rows[0].n === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await gate.query('SELECT pg_advisory_unlock(42)');
    expect(await first).toMatchObject({ committed: true });
    expect(await second).toMatchObject({ committed: true });
    // One of the two ran twice.
    expect(statements).toBe(9);
    const { rows } = await gate.query('SELECT "key", "count" FROM "RateLimit" ORDER BY "key"');
    expect(rows).toEqual([{ key: 'a', count: 2 }, { key: 'b', count: 2 }]);
    await gate.end();
    await pool.end();
  });
});
