import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { GuardedPool } from './guardedPool.ts';
import { isDatabaseUnavailable } from './databaseUnavailable.ts';
import { withDatabaseDeadline } from './requestDeadline.ts';
import { sendSyncedBatch } from './syncedBatch.ts';

const serverUrl = process.env.TEST_POSTGRES_URL;

/** ReadyForQuery messages the server sends on a connection: one per Sync (and per simple query). */
function countReadyForQuery(client: pg.PoolClient): () => number {
  let count = 0;
  (client as unknown as pg.Client & { connection: NodeJS.EventEmitter }).connection.on('readyForQuery', () => (count += 1));
  return () => count;
}

const named = (name: string, text: string, values: unknown[] = []): pg.QueryConfig => ({ name, text, values });

describe.skipIf(!serverUrl)('a synced batch (postgresql)', () => {
  const pool = new GuardedPool({ connectionString: serverUrl, max: 1, pipeline: true } as pg.PoolConfig);
  afterAll(() => pool.end());

  it('answers every statement, in order, after one Sync: one ReadyForQuery for the whole batch', async () => {
    const client = await pool.connect();
    try {
      const ready = countReadyForQuery(client);
      const answers = await Promise.all(sendSyncedBatch(client, [named('sb_one', 'SELECT $1::int AS n', [1]), named('sb_two', 'SELECT $1::int AS n', [2]), named('sb_three', 'SELECT $1::int + 1 AS n', [2])]));
      expect(answers.map((answer) => answer.rows[0].n)).toEqual([1, 2, 3]);
      expect(ready()).toBe(1);
      // The connection is in step: the same statements again (now only bound) and a plain query.
      const again = await Promise.all(sendSyncedBatch(client, [named('sb_one', 'SELECT $1::int AS n', [4]), named('sb_three', 'SELECT $1::int + 1 AS n', [4])]));
      expect(again.map((answer) => answer.rows[0].n)).toEqual([4, 5]);
      expect((await client.query('SELECT 6 AS n')).rows[0].n).toBe(6);
      expect(ready()).toBe(3);
    } finally {
      client.release();
    }
  });

  it('hands over after a statement with nothing to run (answered EmptyQueryResponse, not CommandComplete)', async () => {
    const client = await pool.connect();
    try {
      const [empty, after] = await Promise.all(sendSyncedBatch(client, [named('sb_empty', ''), named('sb_after_empty', 'SELECT $1::int AS n', [5])]));
      expect(empty!.rows).toEqual([]);
      expect(after!.rows[0].n).toBe(5);
    } finally {
      client.release();
    }
  });

  it('fails the statement the server failed with its error, and those after it as not run; the connection stays usable', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const [first, failing, after] = sendSyncedBatch(client, [
        named('sb_first', 'SELECT $1::int AS n', [1]),
        named('sb_divide', 'SELECT 1 / $1::int AS n', [0]),
        named('sb_after', 'SELECT $1::int * 10 AS n', [3]),
      ]);
      expect((await first!).rows[0].n).toBe(1);
      await expect(failing).rejects.toMatchObject({ message: 'division by zero', code: '22012' });
      await expect(after).rejects.toMatchObject({ message: 'not run: an earlier statement of its batch failed', code: '25P02' });
      // As after any failed statement in a transaction: its COMMIT rolls back.
      expect((await client.query('COMMIT')).command).toBe('ROLLBACK');
      // The server never parsed the statement it skipped: it is prepared again when next sent.
      const [retried] = sendSyncedBatch(client, [named('sb_after', 'SELECT $1::int * 10 AS n', [5])]);
      expect((await retried!).rows[0].n).toBe(50);
    } finally {
      client.release();
    }
  });

  it('stops at a statement that cannot be sent and closes the connection, whose server ends the transaction', async () => {
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    await client.query('BEGIN');
    // node-postgres refuses a name already given to another text on this connection.
    expect(() => sendSyncedBatch(client, [named('sb_same', 'SELECT 1 AS n'), named('sb_same', 'SELECT 2 AS n'), named('sb_later', 'SELECT 3 AS n')])).toThrow('A statement of a batch could not be sent');
    // The first went out with no Sync, so the server would answer nothing more: the socket is closed.
    client.release(true);
    await expect.poll(async () => (await pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0].n, { timeout: 10_000 }).toBe(0);
  });

  it('refuses a batch whose request has no time left as the database being unavailable, sending nothing', async () => {
    const client = await pool.connect();
    try {
      const ready = countReadyForQuery(client);
      const failure = withDatabaseDeadline(Date.now() - 1, () => {
        try {
          sendSyncedBatch(client, [named('sb_late', 'SELECT 1 AS n'), named('sb_later', 'SELECT 3 AS n')]);
          return null;
        } catch (error) {
          return error;
        }
      });
      expect(isDatabaseUnavailable(failure)).toBe(true);
      // The connection is in step: nothing of the batch reached the server.
      expect((await client.query('SELECT 4 AS n')).rows[0].n).toBe(4);
      expect(ready()).toBe(1);
    } finally {
      client.release();
    }
  });

  it('keeps the statements of the batch after a failure out of the next queries\' answers', async () => {
    const client = await pool.connect();
    try {
      const answers = sendSyncedBatch(client, [named('sb_bad', 'SELECT 1 / $1::int AS n', [0]), named('sb_skip', 'SELECT $1::int AS n', [7])]);
      // Sent behind the batch on the same connection: it must get its own answer, not the batch's.
      const next = client.query('SELECT 8 AS n');
      const settled = await Promise.allSettled(answers);
      expect(settled.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
      expect((await next).rows[0].n).toBe(8);
    } finally {
      client.release();
    }
  });
});
