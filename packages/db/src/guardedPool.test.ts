import { afterAll, describe, expect, it } from 'vitest';
import { createAccountDb } from './accountDb.ts';
import { isDatabaseUnavailable } from './databaseUnavailable.ts';
import { GuardedPool } from './guardedPool.ts';
import { withDatabaseDeadline } from './requestDeadline.ts';

const serverUrl = process.env.TEST_POSTGRES_URL;

async function backendPid(pool: GuardedPool): Promise<number> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return rows[0]!.pid;
  } finally {
    client.release();
  }
}

describe.skipIf(!serverUrl)('GuardedPool (postgresql)', () => {
  const pool = new GuardedPool({ connectionString: serverUrl, max: 1 });
  afterAll(() => pool.end());

  it('gives a clean connection back to the pool, so the hot path does not reconnect', async () => {
    expect(await backendPid(pool)).toBe(await backendPid(pool));
  });

  it('destroys a connection released with its transaction still open', async () => {
    const before = await backendPid(pool);
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query('SELECT 1');
    client.release();
    expect(await backendPid(pool)).not.toBe(before);
  });

  it('destroys a connection on which a statement failed, even after a ROLLBACK that worked', async () => {
    const before = await backendPid(pool);
    const client = await pool.connect();
    await client.query('BEGIN');
    await expect(client.query('SELECT 1 / 0')).rejects.toThrow('division by zero');
    await client.query('ROLLBACK');
    client.release();
    expect(await backendPid(pool)).not.toBe(before);
  });

  it('survives a checked-out connection dropped between statements: the next statement fails as unavailable', async () => {
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ended = new Promise((resolve) => client.once('end', resolve));
    // A plain client: the pool's only connection is checked out.
    const killer = new GuardedPool({ connectionString: serverUrl, max: 1 });
    await killer.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await killer.end();
    await ended;
    const failure = await client.query('SELECT 1').catch((error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    client.release();
    expect(await backendPid(pool)).not.toBe(rows[0]!.pid);
  });

  it("survives pg-pool's own connection timeout for a caller the request's deadline already answered", async () => {
    // pg-pool calls a timed-out waiter back with no release function: the wrapper that had already
    // given up on it must not call one (a TypeError thrown from a timer ended the service).
    const small = new GuardedPool({ connectionString: serverUrl, max: 1, connectionTimeoutMillis: 200 });
    const held = await small.connect();
    const waited = await withDatabaseDeadline(Date.now() + 20, () => small.query('SELECT 1').catch((error: unknown) => error));
    expect(isDatabaseUnavailable(waited)).toBe(true);
    const uncaught: unknown[] = [];
    const note = (error: unknown) => uncaught.push(error);
    process.prependListener('uncaughtException', note);
    try {
      // Timers fire in order: this one runs after pg-pool's own 200 ms timeout for that waiter.
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      process.removeListener('uncaughtException', note);
    }
    expect(uncaught).toEqual([]);
    held.release();
    expect((await small.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await small.end();
  });

  it('sets idle_in_transaction_session_timeout to the deadline on every connection', async () => {
    const db = createAccountDb(serverUrl!, { timeoutMs: 3_000 });
    const rows = await db.$queryRawUnsafe<Array<{ idle_in_transaction_session_timeout: string }>>('SHOW idle_in_transaction_session_timeout');
    expect(rows[0]?.idle_in_transaction_session_timeout).toBe('3s');
    await db.$disconnect();
  });
});
