import type Database from 'better-sqlite3';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import type { Mutex } from './mutex.ts';
import { releaseWhenClosed } from './releaseWhenClosed.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SQLite said another connection holds the lock (better-sqlite3's code, or Prisma's adapter's kind for it). */
export function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; cause?: { kind?: unknown } };
  return (typeof e.code === 'string' && e.code.startsWith('SQLITE_BUSY')) || e.cause?.kind === 'SocketTimeout';
}

/**
 * Runs `attempt` until SQLite stops answering busy or `budgetMs` runs out, pausing between tries
 * on timers. The connection's busy timeout is 0: better-sqlite3's busy handler would sleep on the
 * event loop, and every request of the process would wait for another process's lock. A busy
 * statement did nothing, so trying it again is safe.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, budgetMs: number): Promise<T> {
  const giveUpAt = Date.now() + budgetMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause >= giveUpAt) throw error;
    }
    await sleep(pause);
  }
}

/**
 * Takes this process's lock and SQLite's write lock (BEGIN IMMEDIATE), so every statement of the
 * transaction that follows can write without waiting. Between tries the process's lock is let go,
 * so reads of other requests go on while another process writes. Resolves with the release of the
 * process's lock, given once no transaction is open on the connection (releaseWhenClosed); rejects
 * as Prisma's adapter would for a lock it could not get.
 */
export async function beginImmediate(db: Database.Database, lock: Mutex, budgetMs: number): Promise<() => void> {
  try {
    return await retryWhileBusy(async () => {
      const release = releaseWhenClosed(db, await lock.acquire());
      try {
        db.prepare('BEGIN IMMEDIATE').run();
        return release;
      } catch (error) {
        release();
        throw error;
      }
    }, budgetMs);
  } catch (error) {
    if (isBusy(error)) throw new DriverAdapterError({ kind: 'SocketTimeout' });
    throw error;
  }
}
