import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sql } from '@recovery/db';
import type { SqlDriver, SqlResult, SqlStatement } from '@recovery/db';
import { createLogger } from './logger.ts';
import { createSweeper, sweepBatchStatement } from './sweeper.ts';
import type { SweptTable } from './sweeper.ts';

const table: SweptTable = { table: 'Thing', key: 'id', expired: (now) => sql`"expiresAt" <= ${now}` };

/** A driver that deletes from a pile of `rows` expired rows, at most the batch's LIMIT each time. */
function fakeDriver(rows: number) {
  const statements: SqlStatement[] = [];
  let left = rows;
  let gate: Promise<void> = Promise.resolve();
  const driver = {
    provider: 'sqlite',
    async query(statement: SqlStatement): Promise<SqlResult> {
      statements.push(statement);
      await gate;
      const limit = statement.params.find((p) => typeof p === 'number') as number;
      const changes = Math.min(left, limit);
      left -= changes;
      return { rows: [], changes };
    },
    transaction: () => Promise.reject(new Error('not used')),
    observe: () => () => undefined,
  } as SqlDriver;
  return {
    driver,
    statements,
    left: () => left,
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => release();
    },
  };
}

const now = new Date('2026-12-06T00:00:00Z');
const options = (driver: SqlDriver) => ({ sql: driver, tables: [table], now: () => now, logger: createLogger('test', 'silent'), intervalMs: 60_000, batchSize: 3, maxBatches: 2, random: () => 0.5 });

describe('the sweeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('deletes in bounded batches, checking the condition inside and outside the LIMIT', () => {
    const statement = sweepBatchStatement(table, now, 3);
    expect(statement.sql).toBe('DELETE FROM "Thing" WHERE "id" IN (SELECT "id" FROM "Thing" WHERE "expiresAt" <= ? LIMIT ?) AND "expiresAt" <= ?');
    expect(statement.params).toEqual([now, 3, now]);
  });

  it('stops a run after maxBatches full batches; the next run takes the rest', async () => {
    const fake = fakeDriver(8);
    const sweeper = createSweeper(options(fake.driver));
    expect(await sweeper.runOnce()).toEqual({ Thing: 6 });
    expect(fake.left()).toBe(2);
    expect(await sweeper.runOnce()).toEqual({ Thing: 2 });
    expect(await sweeper.runOnce()).toEqual({ Thing: 0 });
  });

  it('never overlaps itself: a second run asked for while one is under way joins it', async () => {
    const fake = fakeDriver(2);
    const release = fake.hold();
    const sweeper = createSweeper(options(fake.driver));
    const first = sweeper.runOnce();
    const second = sweeper.runOnce();
    expect(second).toBe(first);
    release();
    expect(await second).toEqual({ Thing: 2 });
    expect(fake.statements).toHaveLength(1);
  });

  it('schedules the next run only once the last one ended, with jitter, and stop() ends the schedule', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fake = fakeDriver(1);
    const release = fake.hold();
    const sweeper = createSweeper({ ...options(fake.driver), random: () => 0.9 });
    sweeper.start();
    expect(vi.getTimerCount()).toBe(1);
    // 0.5 + 0.9 of the interval: not yet at 60 s.
    vi.advanceTimersByTime(60_000);
    expect(fake.statements).toHaveLength(0);
    vi.advanceTimersByTime(24_000);
    expect(fake.statements).toHaveLength(1);
    // Running: nothing else is scheduled.
    expect(vi.getTimerCount()).toBe(0);
    release();
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    await sweeper.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * 60_000);
    expect(fake.statements).toHaveLength(1);
  });

  it('stop() waits for the batch under way and starts no further batch or table', async () => {
    const fake = fakeDriver(100);
    const release = fake.hold();
    const sweeper = createSweeper({ ...options(fake.driver), tables: [table, { ...table, table: 'Other' }] });
    const run = sweeper.runOnce();
    let stopped = false;
    const stopping = sweeper.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await run).toEqual({ Thing: 3 });
    expect(fake.statements).toHaveLength(1);
  });

  it('logs a failed run as a warning and tries again at the next interval', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    let calls = 0;
    const failing = { ...fakeDriver(0).driver, query: () => (calls++, Promise.reject(new Error('Connection terminated unexpectedly'))) } as SqlDriver;
    const sweeper = createSweeper({ ...options(failing), logger });
    sweeper.start();
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(1));
    expect(calls).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, reason: 'Connection terminated unexpectedly' });
    vi.advanceTimersByTime(60_000);
    await vi.waitFor(() => expect(calls).toBe(2));
    await sweeper.stop();
  });
});
