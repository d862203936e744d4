import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Mutex } from './mutex.ts';
import { beginImmediate } from './sqliteBusy.ts';
import { SqliteGroupCommit } from './sqliteGroupCommit.ts';

let dir: string;
let db: Database.Database;
let executed: string[];
let lock: Mutex;
let group: SqliteGroupCommit;
/** How many ROLLBACKs still fail, as after an I/O error. */
let failingRollbacks = 0;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'release-when-closed-'));
  executed = [];
  db = new Database(path.join(dir, 'db.sqlite'), { timeout: 0, verbose: (text) => executed.push(String(text)) });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE item (key TEXT PRIMARY KEY); CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (id TEXT PRIMARY KEY, parent TEXT REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
  const prepare = db.prepare.bind(db);
  db.prepare = ((source: string) => {
    const statement = prepare(source);
    if (source !== 'ROLLBACK') return statement;
    const run = statement.run.bind(statement);
    return Object.assign(statement, {
      run: () => {
        if (failingRollbacks > 0) {
          failingRollbacks -= 1;
          throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
        }
        return run();
      },
    });
  }) as typeof db.prepare;
  lock = new Mutex();
  group = new SqliteGroupCommit(db, {
    begin: (budgetMs) => beginImmediate(db, lock, budgetMs),
    run: (statement) => ({ rows: [], changes: prepare(statement.sql).run(...(statement.params as string[])).changes }),
  });
  executed = [];
});

afterEach(() => {
  failingRollbacks = 0;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the process lock on a SQLite connection', () => {
  it('is let go only once a transaction whose ROLLBACK failed is rolled back: the next transaction does not join it', async () => {
    // The COMMIT fails (a child without its parent), and so do the group's ROLLBACK and the
    // first one of the release.
    failingRollbacks = 2;
    const failed = group.transaction([{ statement: { sql: 'INSERT INTO child (id, parent) VALUES (?, ?)', params: ['orphan', 'nobody'] } }], 5_000);
    const next = failed.catch(() => group.transaction([{ statement: { sql: 'INSERT INTO item (key) VALUES (?)', params: ['after'] } }], 5_000));
    await expect(failed).rejects.toThrow(/FOREIGN KEY/);
    // Still inside the failed transaction: the lock is kept, so nothing else runs in it.
    expect(db.inTransaction).toBe(true);
    expect(lock.held).toBe(true);
    expect(await next).toMatchObject({ committed: true });
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT id FROM child').all()).toEqual([]);
    expect(db.prepare('SELECT key FROM item').all()).toEqual([{ key: 'after' }]);
    // The next transaction began only after the ROLLBACK that worked.
    expect(executed.lastIndexOf('ROLLBACK')).toBeLessThan(executed.lastIndexOf('BEGIN IMMEDIATE'));
  });

  it('is let go at once when the transaction ended as it should', async () => {
    expect(await group.transaction([{ statement: { sql: 'INSERT INTO item (key) VALUES (?)', params: ['plain'] } }], 5_000)).toMatchObject({ committed: true });
    expect(lock.held).toBe(false);
    expect(executed.filter((text) => text === 'ROLLBACK')).toEqual([]);
  });
});
