import type Database from 'better-sqlite3';

/** How often a ROLLBACK that failed is tried again while the process's lock is kept. */
export const rollbackRetryMs = 50;

/**
 * The release of the process's lock on a SQLite connection, given only once no transaction is
 * open on it. Rule: nothing joins another's transaction. A transaction whose own ROLLBACK failed
 * (an I/O error) is still open, and the next statement let in would run inside it, commit with
 * it, or fail to BEGIN for good. So it is rolled back here; while that fails too, the lock is kept
 * and the ROLLBACK is tried again on a timer: the process's database work waits (each request
 * gives up at its own deadline) instead of writing into a half-done transaction.
 */
export function releaseWhenClosed(db: Database.Database, release: () => void): () => void {
  const attempt = (): void => {
    try {
      if (db.inTransaction) db.prepare('ROLLBACK').run();
    } catch {
      setTimeout(attempt, rollbackRetryMs);
      return;
    }
    release();
  };
  return attempt;
}
