import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb, createScratchDatabase, isDatabaseUnavailable, migrateDatabase, sqlDriverOf, stepTimeoutMs, withDatabaseDeadline } from '@recovery/db';
import type { AccountDb, SqlStep } from '@recovery/db';
import { Cleanup } from './cleanup.ts';
import { providersUnderTest } from './providers.ts';
import { startTcpFaultProxy } from './tcpFaultProxy.ts';
import type { TcpFaultProxy } from './tcpFaultProxy.ts';

/** DATABASE_TIMEOUT_MS of the client under test: short, so a stall outlasts its timeouts quickly. */
const deadlineMs = 1_000;
/** Longer than twice the statement timeout, as in the incident. */
const stallMs = 2 * stepTimeoutMs({ timeoutMs: deadlineMs }) + 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const insert = (key: string): SqlStep => ({
  statement: { sql: 'INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (?, 0, ?, 0, 0)', params: [key, new Date()] },
});

/**
 * A client of the account schema whose connections pass through a TCP proxy that drops or stalls
 * them in the middle of a transaction. One pooled connection, so the connection a failed
 * transaction leaves behind is the very one the next transaction gets, unless it was destroyed.
 * Two things stop a stalled transaction from being committed later: the pool destroys the
 * connection (guardedPool.test.ts shows that alone), and the server ends a session idle in a
 * transaction past the deadline.
 */
describe.each(providersUnderTest.filter((p) => p === 'postgresql'))('PostgreSQL connections that fail inside a transaction (%s)', () => {
  const cleanup = new Cleanup();
  const warnings: string[] = [];
  let db: AccountDb;
  let proxy: TcpFaultProxy;
  let direct: string;

  beforeAll(async () => {
    const scratch = await createScratchDatabase('postgresql', process.env.TEST_POSTGRES_URL, 'resilience_pgfaults');
    cleanup.add(() => scratch.drop());
    await migrateDatabase('account', scratch.url);
    direct = scratch.url;
    const url = new URL(scratch.url);
    proxy = await startTcpFaultProxy(url.hostname, Number(url.port || 5432));
    cleanup.add(() => proxy.close());
    url.port = String(proxy.port);
    db = createAccountDb(url.toString(), { timeoutMs: deadlineMs, poolSize: 1, onServerWarning: (w) => warnings.push(`${w.code}: ${w.message}`) });
    cleanup.add(() => db.$disconnect());
  });
  afterAll(() => cleanup.run());

  /** Keys stored with a prefix, read past the proxy. */
  async function storedKeys(prefix: string): Promise<string[]> {
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>('SELECT "key" FROM "RateLimit" WHERE "key" LIKE $1 ORDER BY "key"', [`${prefix}%`]);
      return rows.map((r) => r.key);
    } finally {
      await client.end();
    }
  }

  /** Sessions of the scratch database the server holds in an open transaction with nothing running. */
  async function idleInTransaction(): Promise<number> {
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()");
      return rows[0]?.n ?? -1;
    } finally {
      await client.end();
    }
  }

  /** What a working connection does after the fault: a transaction of two rows, committed whole. */
  async function trafficAfter(prefix: string): Promise<void> {
    const result = await sqlDriverOf(db).transaction([insert(`${prefix}-1`), insert(`${prefix}-2`)]);
    expect(result.committed).toBe(true);
    await db.$transaction(async (tx) => {
      await tx.rateLimit.create({ data: { key: `${prefix}-3`, windowStart: new Date() } });
      await tx.rateLimit.create({ data: { key: `${prefix}-4`, windowStart: new Date() } });
    });
    expect(await storedKeys(prefix)).toEqual([1, 2, 3, 4].map((n) => `${prefix}-${n}`));
  }

  it('the SQL driver: a connection dropped mid-transaction is an unavailable error, not a crash', async () => {
    const steps = [{ ...insert('drop-sql-1'), accept: () => (proxy.set('cut'), true) }, insert('drop-sql-2')];
    const failure = await sqlDriverOf(db).transaction(steps).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    proxy.set('none');
    expect(await storedKeys('drop-sql')).toEqual([]);
    await trafficAfter('after-drop-sql');
  });

  it("Prisma's interactive transaction: a connection dropped between statements is an unavailable error, not a crash", async () => {
    const failure = await db
      .$transaction(async (tx) => {
        await tx.rateLimit.create({ data: { key: 'drop-prisma-1', windowStart: new Date() } });
        proxy.set('cut');
        // Long enough for the reset to arrive while the connection is checked out and idle.
        await sleep(100);
        await tx.rateLimit.create({ data: { key: 'drop-prisma-2', windowStart: new Date() } });
      })
      .catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    proxy.set('none');
    expect(await storedKeys('drop-prisma')).toEqual([]);
    await trafficAfter('after-drop-prisma');
  });

  it('the SQL driver: after a stall past its timeouts, the abandoned transaction is rolled back, never committed by the next one', async () => {
    const steps = [{ ...insert('stall-sql-1'), accept: () => (proxy.set('stall'), true) }, insert('stall-sql-2'), insert('stall-sql-3')];
    const failure = await sqlDriverOf(db).transaction(steps).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await sleep(stallMs);
    proxy.set('none');
    await trafficAfter('after-stall-sql');
    expect(await storedKeys('stall-sql')).toEqual([]);
  });

  it("Prisma's interactive transaction: after a stall past its timeouts, the abandoned transaction is rolled back, never committed by the next one", async () => {
    const failure = await db
      .$transaction(async (tx) => {
        await tx.rateLimit.create({ data: { key: 'stall-prisma-1', windowStart: new Date() } });
        proxy.set('stall');
        await tx.rateLimit.create({ data: { key: 'stall-prisma-2', windowStart: new Date() } });
        await tx.rateLimit.create({ data: { key: 'stall-prisma-3', windowStart: new Date() } });
      })
      .catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await sleep(stallMs);
    proxy.set('none');
    await trafficAfter('after-stall-prisma');
    // Whole or nothing: the first two rows reached the server, the third never did.
    expect(await storedKeys('stall-prisma')).toEqual([]);
  });

  it("a stalled statement gives up when its request's deadline is spent, its ROLLBACK included, not after its own timeout", async () => {
    // A client whose statements may each take 2 s; the request has a fifth of that left.
    const slow = createAccountDb(new URL(`postgresql://127.0.0.1:${proxy.port}${new URL(direct).pathname}?user=${new URL(direct).username}`).toString(), { timeoutMs: 4_000, poolSize: 1 });
    const statementMs = stepTimeoutMs({ timeoutMs: 4_000 });
    const requestMs = statementMs / 5;
    try {
      expect((await sqlDriverOf(slow).transaction([insert('budget-warm')])).committed).toBe(true);
      const steps = [{ ...insert('budget-sql-1'), accept: () => (proxy.set('stall'), true) }, insert('budget-sql-2')];
      const failure = await withDatabaseDeadline(Date.now() + requestMs, () => sqlDriverOf(slow).transaction(steps)).catch((error: unknown) => error);
      const prismaFailure = await withDatabaseDeadline(Date.now() + requestMs, () => slow.$transaction(async (tx) => tx.rateLimit.create({ data: { key: 'budget-prisma', windowStart: new Date() } }))).catch((error: unknown) => error);
      expect(isDatabaseUnavailable(failure)).toBe(true);
      expect(isDatabaseUnavailable(prismaFailure)).toBe(true);
      // Both gave up because the request's deadline ran out, not on a statement's own timeout.
      for (const error of [failure, prismaFailure]) expect((error as Error).message).toMatch(/the request has no time left for the database/);
    } finally {
      proxy.set('none');
      await slow.$disconnect();
    }
    expect(await storedKeys('budget-')).toEqual(['budget-warm']);
  });

  it('never let a BEGIN join a transaction left open, and leaves none idle on the server', async () => {
    expect(warnings.filter((w) => w.startsWith('25001'))).toEqual([]);
    expect(await idleInTransaction()).toBe(0);
  });
});
