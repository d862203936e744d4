import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import { raw, sql } from '@recovery/db';
import type { SqlDriver, SqlStatement } from '@recovery/db';

/** A table whose rows expire, and which of them may go. */
export interface SweptTable {
  /** The table, as the schema spells it. */
  table: string;
  /** Its primary-key column: batches are chosen by it. */
  key: string;
  /**
   * Rows that may be deleted at `now`: expired, and needed by nothing any more (a lock still
   * running, a reservation in flight). Checked again on each row as it is deleted.
   */
  expired(now: Date): SqlStatement;
}

export interface SweeperOptions {
  sql: SqlDriver;
  tables: readonly SweptTable[];
  now: () => Date;
  logger: Logger;
  /** Mean time between runs; each wait is drawn from 0.5 to 1.5 times it, so instances spread out. */
  intervalMs: number;
  /** Rows one statement deletes at most. */
  batchSize: number;
  /** Batches per table per run at most, so one run stays short and the rest waits for the next. */
  maxBatches?: number;
  random?: () => number;
}

export interface Sweeper {
  /** Runs now and then on the interval, until `stop`. */
  start(): void;
  /** No further run starts; resolves when the one under way (if any) has finished its batch. */
  stop(): Promise<void>;
  /** One run over every table (joins the run under way instead of starting a second). Rows deleted per table. */
  runOnce(): Promise<Record<string, number>>;
}

/** One bounded batch: the primary keys of at most `limit` expired rows, each checked again as it goes. */
export function sweepBatchStatement(swept: SweptTable, now: Date, limit: number): SqlStatement {
  const table = raw(`"${swept.table}"`);
  const key = raw(`"${swept.key}"`);
  const expired = swept.expired(now);
  // The condition stands outside the subquery too: on PostgreSQL a row changed since the
  // subquery's snapshot (a new reservation, a lock) is re-checked, and stays if no longer expired.
  return sql`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${expired} LIMIT ${limit}) AND ${expired}`;
}

/**
 * Deletes expired rows of every expiring table, in bounded batches, on an interval with jitter.
 * A run never overlaps the previous one (the next is scheduled when it ends), and several
 * instances may sweep at once: every delete re-checks its condition, so they only race to
 * delete the same rows. A failed run (the database away) is logged as a warning and retried at
 * the next interval.
 */
export function createSweeper(options: SweeperOptions): Sweeper {
  const maxBatches = options.maxBatches ?? 20;
  const random = options.random ?? Math.random;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<Record<string, number>> | undefined;
  let stopped = false;

  async function sweepTable(swept: SweptTable): Promise<number> {
    let deleted = 0;
    for (let batch = 0; batch < maxBatches && !stopped; batch++) {
      const { changes } = await options.sql.query(sweepBatchStatement(swept, options.now(), options.batchSize));
      deleted += changes;
      if (changes < options.batchSize) break;
      // Let requests run between batches.
      await nextTurn();
    }
    return deleted;
  }

  async function run(): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const swept of options.tables) {
      if (stopped) break;
      deleted[swept.table] = await sweepTable(swept);
    }
    const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    if (total > 0) options.logger.debug({ deleted }, 'swept expired rows');
    return deleted;
  }

  function runOnce(): Promise<Record<string, number>> {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      runOnce()
        .catch((error: unknown) => {
          options.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'sweeping expired rows failed; trying again at the next interval');
        })
        .finally(schedule);
    }, options.intervalMs * (0.5 + random()));
    timer.unref();
  }

  return {
    start() {
      stopped = false;
      if (!timer && !running) schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
    runOnce,
  };
}
