import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseBreaker, withDatabaseDeadline, createAccountDb, createScratchDatabase, isDatabaseUnavailable, migrateDatabase, sqlDriverOf } from '@recovery/db';
import { DatabaseHealth } from './databaseHealth.ts';

describe('DatabaseHealth with a circuit breaker', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('once a ping fails, database calls fail at once as unavailable; the next ping that succeeds closes it', async () => {
    const scratch = await createScratchDatabase('sqlite', undefined, 'breaker');
    cleanups.push(() => scratch.drop());
    await migrateDatabase('account', scratch.url);
    const db = createAccountDb(scratch.url);
    cleanups.push(() => db.$disconnect());
    const breaker = new DatabaseBreaker();
    sqlDriverOf(db).observe(breaker);
    let reachable = false;
    const health = new DatabaseHealth({
      logger: pino({ level: 'silent' }),
      // The first pings stand for a database that does not answer; later ones really ask it.
      ping: () => (reachable ? sqlDriverOf(db).query({ sql: 'SELECT 1', params: [] }) : Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))),
      timeoutMs: 1_000,
      isUnavailable: isDatabaseUnavailable,
      recheckMs: 60_000,
      breaker,
    });
    cleanups.push(async () => health.close());

    expect(await db.user.count()).toBe(0);
    expect(await health.ready()).toBe(false);
    expect(breaker.isOpen).toBe(true);
    // Refused before any statement reaches the database, by Prisma and by the SQL driver alike.
    const prisma = await db.user.count().catch((error: unknown) => error);
    expect(isDatabaseUnavailable(prisma)).toBe(true);
    const transaction = await db.$transaction(async (tx) => tx.user.count()).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(transaction)).toBe(true);
    const sql = await sqlDriverOf(db).query({ sql: 'SELECT 1', params: [] }).catch((error: unknown) => error);
    expect(isDatabaseUnavailable(sql)).toBe(true);

    reachable = true;
    // The ping itself passes the open breaker, even when a request whose deadline is long spent
    // started it (the recheck timer is set up by a failing request).
    expect(await withDatabaseDeadline(Date.now() - 1, () => health.ready())).toBe(true);
    expect(breaker.isOpen).toBe(false);
    expect(await db.user.count()).toBe(0);
  });

  it('a request that failed alone does not open the breaker: only a failed ping does', () => {
    const breaker = new DatabaseBreaker();
    const health = new DatabaseHealth({ logger: pino({ level: 'silent' }), ping: () => Promise.resolve(), timeoutMs: 1_000, isUnavailable: () => true, recheckMs: 60_000, breaker });
    expect(health.unavailable(new Error('Query read timeout'))).toBe(true);
    expect(breaker.isOpen).toBe(false);
    health.close();
  });
});
