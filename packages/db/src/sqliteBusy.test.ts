import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb, type AccountDb } from './accountDb.ts';
import { stepTimeoutMs } from './adapterFactory.ts';
import { isDatabaseUnavailable } from './databaseUnavailable.ts';
import { migrateDatabase } from './migrate.ts';
import { withDatabaseDeadline } from './requestDeadline.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import type { ScratchDatabase } from './scratchDatabase.ts';
import { sqlDriverOf } from './sqlDriver.ts';
import { holdWriteLock } from './testing/externalWriteLock.ts';

/** DATABASE_TIMEOUT_MS of the client under test. */
const deadlineMs = 2_000;
/** Outside a request, a write waits this long for the lock (half the deadline). */
const waitMs = stepTimeoutMs({ timeoutMs: deadlineMs });

const insert = (key: string) => ({
  statement: { sql: 'INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (?, 0, ?, 0, 0)', params: [key, new Date()] },
});

/** Writes in the order they settled, and whether the other process still held the lock then. */
const settled: Array<{ name: string; lockStillHeld: boolean }> = [];
let lockHeld = false;

/** How `work` settled, noted in `settled` at that moment. */
async function attempt(name: string, work: () => Promise<unknown>): Promise<{ name: string; error: unknown }> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e ?? new Error('rejected without a reason'),
  );
  settled.push({ name, lockStillHeld: lockHeld });
  return { name, error };
}

/**
 * Another process holds SQLite's write lock for longer than any deadline here (until every write
 * has been answered). Writes of this process must wait on timers, not on the event loop, and give
 * up as unavailable within their budget.
 */
describe('SQLite writes while another process holds the write lock', () => {
  let scratch: ScratchDatabase;
  let db: AccountDb;

  beforeAll(async () => {
    scratch = await createScratchDatabase('sqlite', undefined, 'sqlitebusy');
    await migrateDatabase('account', scratch.url);
    db = createAccountDb(scratch.url, { timeoutMs: deadlineMs });
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  });
  afterAll(async () => {
    await db.$disconnect();
    await scratch.drop();
  });

  it('never blocks the event loop, answers every write unavailable within its budget, and reads go on', async () => {
    const lock = await holdWriteLock(scratch.url.slice('file:'.length));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let writes: Array<{ name: string; error: unknown }>;
    let readsWhileLocked: number;
    try {
      const sql = sqlDriverOf(db);
      lockHeld = true;
      const pending = [
        attempt('sql-tx', () => sql.transaction([insert('sql-tx-1'), insert('sql-tx-2')])),
        attempt('sql-alone', () => sql.query(insert('sql-alone').statement)),
        attempt('prisma-alone', () => db.rateLimit.create({ data: { key: 'prisma-alone', windowStart: new Date() } })),
        attempt('prisma-tx', () => db.$transaction(async (tx) => tx.rateLimit.create({ data: { key: 'prisma-tx', windowStart: new Date() } }))),
        // Within a request, the request's remaining budget bounds the wait.
        attempt('in-request', () => withDatabaseDeadline(Date.now() + deadlineMs / 4, () => sql.transaction([insert('in-request')]))),
      ];
      // Reads need no write lock (WAL): they are answered while the writes wait.
      readsWhileLocked = await db.rateLimit.count();
      writes = await Promise.all(pending);
    } finally {
      delay.disable();
      lockHeld = false;
      await lock.release();
    }
    expect(readsWhileLocked).toBe(0);
    for (const write of writes) expect(isDatabaseUnavailable(write.error)).toBe(true);
    // better-sqlite3's busy handler would have held the event loop for the whole busy timeout.
    expect(delay.max / 1e6).toBeLessThan(waitMs / 2);
    // Every write gave up on its own budget: the other process held the lock, for longer than any
    // deadline here, until all five had been answered. The in-request write, with a quarter of the
    // budget, gave up first.
    expect(settled).toHaveLength(5);
    expect(settled.every((s) => s.lockStillHeld)).toBe(true);
    expect(settled[0]!.name).toBe('in-request');
    // Nothing was half-written, and the connection is usable once the lock is gone.
    expect(await db.rateLimit.count()).toBe(0);
    expect((await sqlDriverOf(db).transaction([insert('after-1'), insert('after-2')])).committed).toBe(true);
    await db.$transaction(async (tx) => tx.rateLimit.create({ data: { key: 'after-3', windowStart: new Date() } }));
    expect(await db.rateLimit.count()).toBe(3);
  });
});
