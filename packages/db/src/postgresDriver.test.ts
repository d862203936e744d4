import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { GuardedPool } from './guardedPool.ts';
import { migrateDatabase } from './migrate.ts';
import { postgresDriverPair } from './postgresDriver.ts';
import { createScratchDatabase } from './scratchDatabase.ts';
import type { ScratchDatabase } from './scratchDatabase.ts';
import { oneRowStep } from './oneRowStep.ts';
import { sql } from './sqlDriver.ts';

const scratches: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratches.map((s) => s.drop()));
});

/** Each statement a checked-out connection was given, and when its answer came, in order; and its socket writes. */
function recordedPool(url: string): { pool: GuardedPool; events: string[]; writes: () => number; failSending: (statement: string | null) => void } {
  const events: string[] = [];
  /** The statement (by its first word) whose sending throws, as a bug in this process would. */
  let failing: string | null = null;
  let writes = 0;
  const pool = new GuardedPool({ connectionString: url, max: 2, pipeline: true } as pg.PoolConfig);
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient>;
  const recorded = new WeakSet<pg.PoolClient>();
  (pool as { connect: (callback?: unknown) => unknown }).connect = (callback?: unknown) => (callback ? connect(callback) : connect().then(record));
  const record = (client: pg.PoolClient) => {
    // A pooled connection comes back: it is recorded once.
    if (recorded.has(client)) return client;
    recorded.add(client);
    // Writes that reach the socket (one writev carries everything buffered while it was corked).
    const stream = (client as unknown as pg.Client).connection.stream as unknown as Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
    for (const method of ['_write', '_writev'] as const) {
      const original = stream[method].bind(stream);
      stream[method] = (...args: unknown[]) => {
        writes += 1;
        return original(...args);
      };
    }
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown> | undefined;
    // A connection answers in the order it was sent to; each answer is recorded in that order, once
    // every answer sent before it was seen (promise hops differ between kinds of query).
    const answers: { name: string; outcome?: 'answered' | 'failed' }[] = [];
    let recordedUpTo = 0;
    const answered = (entry: (typeof answers)[number], outcome: 'answered' | 'failed') => {
      entry.outcome = outcome;
      while (answers[recordedUpTo]?.outcome) {
        const next = answers[recordedUpTo]!;
        events.push(`${next.outcome!} ${next.name}`);
        recordedUpTo += 1;
      }
    };
    (client as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const config = args[0];
      const callback = args.at(-1);
      const batched = typeof (config as { submit?: unknown }).submit === 'function';
      // pool.query's statements (driver.query) pass a callback: they are not recorded. A statement
      // of a synced batch (a submittable) passes one too, and is.
      if (typeof callback === 'function' && !batched) return query(...args);
      const text = typeof config === 'string' ? config : (config as { text: string }).text;
      const name = text.split(' ')[0]!;
      if (name === failing) throw new Error(`cannot send ${name}`);
      events.push(`sent ${name}`);
      const entry: (typeof answers)[number] = { name };
      answers.push(entry);
      if (typeof callback === 'function') {
        return query(config, (error: unknown, result: unknown) => {
          answered(entry, error ? 'failed' : 'answered');
          (callback as (error: unknown, result: unknown) => void)(error, result);
        });
      }
      const answer = query(...args)!;
      answer.then(() => answered(entry, 'answered'), () => answered(entry, 'failed'));
      return answer;
    };
    return client;
  };
  return { pool, events, writes: () => writes, failSending: (statement) => (failing = statement) };
}

/** A migrated scratch database with the driver on a recorded pool. */
async function recordedDriver() {
  const scratch = await createScratchDatabase('postgresql', process.env.TEST_POSTGRES_URL, 'pgdriver');
  scratches.push(scratch);
  await migrateDatabase('account', scratch.url);
  const { pool, events, writes, failSending } = recordedPool(scratch.url);
  return { scratch, pool, events, writes, failSending, driver: postgresDriverPair(pool, (shared) => new PrismaPg(shared)).driver };
}

describe.runIf(process.env.TEST_POSTGRES_URL)('the PostgreSQL SQL driver', () => {
  it('sends a transaction\'s statements without waiting for each answer: two round trips, not one per statement', async () => {
    const { scratch, pool, events, writes, driver } = await recordedDriver();
    const now = new Date();
    const insert = (key: string) => ({ statement: sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${key}, 0, ${now}, 0, 0)` });
    const writesBefore = writes();
    const done = await driver.transaction([insert('a'), insert('b'), { statement: sql`UPDATE "RateLimit" SET "count" = 1 WHERE "key" = ${'a'}`, accept: (r) => r.changes === 1 }]);
    expect(done).toMatchObject({ committed: true });
    expect(done.results.map((r) => r.changes)).toEqual([1, 1, 1]);
    // BEGIN and the three steps were all sent before the first answer; COMMIT after the last.
    expect(events.slice(0, 4)).toEqual(['sent BEGIN', 'sent INSERT', 'sent INSERT', 'sent UPDATE']);
    expect(events.slice(4, 8)).toEqual(['answered BEGIN', 'answered INSERT', 'answered INSERT', 'answered UPDATE']);
    expect(events.slice(8)).toEqual(['sent COMMIT', 'answered COMMIT']);
    // Each batch left in one write to the socket, not one per statement.
    expect(writes() - writesBefore).toBe(2);
    const check = new pg.Client({ connectionString: scratch.url });
    await check.connect();
    const { rows } = await check.query('SELECT "key", "count" FROM "RateLimit" ORDER BY "key"');
    expect(rows).toEqual([{ key: 'a', count: 1 }, { key: 'b', count: 0 }]);
    await check.end();
    await pool.end();
  });

  it('sends the trailing steps nothing judges with the COMMIT, after the judged ones were judged', async () => {
    const { pool, events, writes, driver } = await recordedDriver();
    const now = new Date();
    const insert = (key: string) => ({ statement: sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${key}, 0, ${now}, 0, 0)` });
    const bump = (key: string) => ({ statement: sql`UPDATE "RateLimit" SET "count" = "count" + 1 WHERE "key" = ${key}`, accept: (r: { changes: number }) => r.changes === 1 });
    const count = async () => (await driver.query(sql`SELECT "key", "count" FROM "RateLimit" ORDER BY "key"`)).rows;

    // Nothing judged: BEGIN, the steps and COMMIT in one round trip, and in one write.
    const writesBefore = writes();
    expect(await driver.transaction([insert('a')])).toMatchObject({ committed: true, results: [{ changes: 1 }] });
    expect(events.splice(0)).toEqual(['sent BEGIN', 'sent INSERT', 'sent COMMIT', 'answered BEGIN', 'answered INSERT', 'answered COMMIT']);
    expect(writes() - writesBefore).toBe(1);

    // The judged UPDATE is answered before the trailing INSERT is sent, with the COMMIT.
    const done = await driver.transaction([bump('a'), insert('b')]);
    expect(done).toMatchObject({ committed: true, results: [{ changes: 1 }, { changes: 1 }] });
    expect(events.splice(0)).toEqual(['sent BEGIN', 'sent UPDATE', 'answered BEGIN', 'answered UPDATE', 'sent INSERT', 'sent COMMIT', 'answered INSERT', 'answered COMMIT']);
    expect(await count()).toEqual([{ key: 'a', count: 1 }, { key: 'b', count: 0 }]);

    // A refused judged step: the trailing step is never sent.
    expect(await driver.transaction([bump('nobody'), insert('c')])).toMatchObject({ committed: false, refusedAt: 0 });
    expect(events.splice(0)).toEqual(['sent BEGIN', 'sent UPDATE', 'answered BEGIN', 'answered UPDATE', 'sent ROLLBACK', 'answered ROLLBACK']);

    // A failing trailing step (the key exists): the server answers the COMMIT with a ROLLBACK, the
    // failure is thrown, and the judged step that ran before it is not kept.
    await expect(driver.transaction([bump('a'), insert('b')])).rejects.toMatchObject({ code: '23505' });
    expect(await count()).toEqual([{ key: 'a', count: 1 }, { key: 'b', count: 0 }]);
    await pool.end();
  });

  it('commits without waiting for the disk only when asked (flush: later), for that transaction alone, in the same one write', async () => {
    const { pool, events, writes, driver } = await recordedDriver();
    const setting = { statement: sql`SELECT current_setting('synchronous_commit') AS "value"` };
    const valueOf = (result: { results: { rows: Record<string, unknown>[] }[] }) => result.results[0]?.rows[0]?.value;

    const writesBefore = writes();
    const later = await driver.transaction([setting], { flush: 'later' });
    expect(writes() - writesBefore).toBe(1);
    expect(events.splice(0)).toEqual(['sent BEGIN;', 'sent SELECT', 'sent COMMIT', 'answered BEGIN;', 'answered SELECT', 'answered COMMIT']);
    expect(valueOf(later)).toBe('off');
    // SET LOCAL ends with its transaction: the connection's next one flushes at its COMMIT again.
    expect(valueOf(await driver.transaction([setting]))).toBe('on');
    expect(valueOf(await driver.transaction([setting], { flush: 'now' }))).toBe('on');
    expect((await driver.query(setting.statement)).rows[0]?.value).toBe('on');
    await pool.end();
  });

  it('lets the server judge a step with a serverCheck, sent with the COMMIT; a server refusal runs it again judged here, on the same connection', async () => {
    const { pool, events, driver } = await recordedDriver();
    const now = new Date();
    await driver.query(sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${'a'}, 0, ${now}, 0, 0)`);
    const bump = (limit: number) => ({
      statement: sql`UPDATE "RateLimit" SET "count" = "count" + 1 WHERE "key" = ${'a'} RETURNING "count"`,
      accept: (r: { rows: Array<Record<string, unknown>> }) => Number(r.rows[0]?.count) <= limit,
      serverCheck: { oneRow: true as const, where: sql`"count" <= ${limit}` },
    });
    const counted = async () => (await driver.query(sql`SELECT "count" FROM "RateLimit"`)).rows[0]?.count;

    expect(await driver.transaction([bump(1)])).toMatchObject({ committed: true, results: [{ rows: [{ count: 1 }] }] });
    expect(events.splice(0)).toEqual(['sent BEGIN', 'sent WITH', 'sent COMMIT', 'answered BEGIN', 'answered WITH', 'answered COMMIT']);

    // Refused by the server: nothing kept, then judged here, which says which step and why.
    const refused = await driver.transaction([bump(1)]);
    expect(refused).toMatchObject({ committed: false, refusedAt: 0, results: [{ rows: [{ count: 2 }] }] });
    expect(events.splice(0)).toEqual([
      'sent BEGIN', 'sent WITH', 'sent COMMIT', 'answered BEGIN', 'failed WITH', 'answered COMMIT',
      'sent BEGIN', 'sent UPDATE', 'answered BEGIN', 'answered UPDATE', 'sent ROLLBACK', 'answered ROLLBACK',
    ]);
    expect(await counted()).toBe(1);
    // A refusal is not a failure of the connection: it went back to the pool and serves again.
    expect(pool.totalCount).toBe(1);
    await pool.end();
  });

  it('lets the server judge "changed exactly one row" in the step itself (oneRowStep): one round trip, and a refusal runs again judged here', async () => {
    const { pool, events, writes, driver } = await recordedDriver();
    const now = new Date();
    for (const key of ['a', 'b']) await driver.query(sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${key}, 0, ${now}, 0, 0)`);
    const bump = (key: string) => oneRowStep(sql`UPDATE "RateLimit" SET "count" = "count" + 1 WHERE "key" LIKE ${key}`);
    const bumpReturning = (key: string) => oneRowStep(sql`UPDATE "RateLimit" SET "count" = "count" + 10 WHERE "key" = ${key} RETURNING "count"`);
    const remove = (key: string) => oneRowStep(sql`DELETE FROM "RateLimit" WHERE "key" = ${key}`);
    const counts = async () => (await driver.query(sql`SELECT "key", "count" FROM "RateLimit" ORDER BY "key"`)).rows;

    // Every step judged by the server: BEGIN, the steps and COMMIT in one round trip, and each
    // answer reads as the plain statement's (rows written; the step's own returned rows).
    const writesBefore = writes();
    const done = await driver.transaction([bump('a'), bumpReturning('b'), { statement: sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${'c'}, 0, ${now}, 0, 0)` }]);
    expect(done).toEqual({ committed: true, results: [{ rows: [], changes: 1 }, { rows: [{ count: 10 }], changes: 1 }, { rows: [], changes: 1 }] });
    expect(events.splice(0)).toEqual(['sent BEGIN', 'sent WITH', 'sent WITH', 'sent INSERT', 'sent COMMIT', 'answered BEGIN', 'answered WITH', 'answered WITH', 'answered INSERT', 'answered COMMIT']);
    expect(writes() - writesBefore).toBe(1);
    expect(await counts()).toEqual([{ key: 'a', count: 1 }, { key: 'b', count: 10 }, { key: 'c', count: 0 }]);

    // No row, or more than one: the server refuses, nothing is kept, and the run judged here says
    // which step and what it answered.
    for (const [steps, refusedAt, changes] of [
      [[bump('a'), remove('nobody')], 1, 0],
      [[bump('%'), remove('c')], 0, 3],
      [[bump('a'), bumpReturning('nobody')], 1, 0],
    ] as const) {
      expect(await driver.transaction(steps)).toMatchObject({ committed: false, refusedAt, results: expect.arrayContaining([expect.objectContaining({ changes })]) });
      expect(events.splice(0)).toEqual([
        'sent BEGIN', 'sent WITH', 'sent WITH', 'sent COMMIT', 'answered BEGIN', ...(refusedAt === 0 ? ['failed WITH', 'failed WITH'] : ['answered WITH', 'failed WITH']), 'answered COMMIT',
        'sent BEGIN', 'sent UPDATE', 'sent ' + (steps[1].statement.sql.split(' ')[0]), 'answered BEGIN', 'answered UPDATE', 'answered ' + (steps[1].statement.sql.split(' ')[0]), 'sent ROLLBACK', 'answered ROLLBACK',
      ]);
      expect(await counts()).toEqual([{ key: 'a', count: 1 }, { key: 'b', count: 10 }, { key: 'c', count: 0 }]);
    }
    expect(pool.totalCount).toBe(1);
    await pool.end();
  });

  it('never returns a connection to the pool before its transaction ended: a half-sent transaction is not committed by the next borrower', async () => {
    const { pool, events, failSending, driver } = await recordedDriver();
    const now = new Date();
    const insert = (key: string) => ({ statement: sql`INSERT INTO "RateLimit" ("key", "count", "windowStart", "lockCount", "inFlight") VALUES (${key}, 0, ${now}, 0, 0)` });
    const keys = async () => (await driver.query(sql`SELECT "key" FROM "RateLimit" ORDER BY "key"`)).rows.map((row) => row.key);

    // A bad parameter fails before anything is sent.
    await expect(driver.transaction([insert('a'), { statement: sql`UPDATE "RateLimit" SET "windowStart" = ${new Date(Number.NaN)}` }])).rejects.toThrow(RangeError);
    expect(events.splice(0)).toEqual([]);

    // BEGIN and one INSERT are on their way when sending the COMMIT throws.
    failSending('COMMIT');
    await expect(driver.transaction([insert('a')])).rejects.toThrow('cannot send COMMIT');
    failSending(null);
    expect(events.splice(0)).toEqual(['sent BEGIN', 'sent INSERT']);
    expect(await driver.transaction([insert('b')])).toMatchObject({ committed: true });
    expect(await keys()).toEqual(['b']);

    // A server rule that disagrees with `accept` is found (after the COMMIT: it is a bug in a rule).
    const disagreeing = { ...insert('c'), accept: () => false, serverCheck: { oneRow: true as const } };
    await expect(driver.transaction([disagreeing])).rejects.toThrow('refused by its own rule');
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
