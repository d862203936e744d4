import { afterAll, describe, expect, it, vi } from 'vitest';
import { createAccountDb } from './accountDb.ts';
import type { AccountDb } from './accountDb.ts';
import { poolStatsOf } from './poolStats.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import type { ScratchDatabase } from './scratchDatabase.ts';
import type { Provider } from './schemaSources.ts';
import type { PoolStats } from './poolStats.ts';
import { sql, sqlDriverOf } from './sqlDriver.ts';
import { holdTransaction } from './testing/holdTransaction.ts';

const scratches: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.drop()));
});

async function freshDb(provider: Provider): Promise<AccountDb> {
  const scratch = await createScratchDatabase(provider, process.env.TEST_POSTGRES_URL, 'poolstats');
  scratches.push(scratch);
  return createAccountDb(scratch.url, { poolSize: 1 });
}

describe('poolStatsOf', () => {
  it('throws for a client it did not create', () => {
    expect(() => poolStatsOf({})).toThrow(/createAccountDb/);
  });
});

const providers: Provider[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

/** What each provider reports while idle, while one transaction holds the pool (size 1), and while a second waits. */
const expected = {
  postgresql: {
    idle: { provider: 'postgresql', total: 1, idle: 1, waiting: 0, max: 1 },
    held: { provider: 'postgresql', total: 1, idle: 0, waiting: 0, max: 1 },
    queued: { provider: 'postgresql', total: 1, idle: 0, waiting: 1, max: 1 },
  },
  sqlite: {
    idle: { provider: 'sqlite', waiting: 0, held: false },
    held: { provider: 'sqlite', waiting: 0, held: true },
    queued: { provider: 'sqlite', waiting: 1, held: true },
  },
} satisfies Record<Provider, Record<string, PoolStats>>;

describe.each(providers)('poolStatsOf (%s)', (provider) => {
  it('shows a pool of size 1 held by a transaction, and the next transaction waiting for it', async () => {
    const db = await freshDb(provider);
    const read = poolStatsOf(db);
    await sqlDriverOf(db).query(sql`SELECT 1`);
    expect(read()).toEqual(expected[provider].idle);
    const held = await holdTransaction(db);
    expect(read()).toEqual(expected[provider].held);
    const queued = sqlDriverOf(db).transaction([{ statement: sql`SELECT 1` }]);
    await vi.waitFor(() => expect(read()).toEqual(expected[provider].queued), { timeout: 10_000 });
    held.release();
    await Promise.all([held.done, queued]);
    expect(read()).toEqual(expected[provider].idle);
    await db.$disconnect();
  });
});
