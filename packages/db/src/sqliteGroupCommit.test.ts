import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './databaseUnavailable.ts';
import { Mutex } from './mutex.ts';
import { beginImmediate } from './sqliteBusy.ts';
import { SqliteGroupCommit } from './sqliteGroupCommit.ts';
import type { SqlStep } from './sqlDriver.ts';

let dir: string;
let file: string;
let db: Database.Database;
let executed: string[];
let group: SqliteGroupCommit;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'group-commit-'));
  file = path.join(dir, 'db.sqlite');
  executed = [];
  db = new Database(file, { timeout: 0, verbose: (text) => executed.push(String(text)) });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE item (key TEXT PRIMARY KEY); CREATE TABLE parent (id TEXT PRIMARY KEY); CREATE TABLE child (id TEXT PRIMARY KEY, parent TEXT REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
  const lock = new Mutex();
  group = new SqliteGroupCommit(db, {
    begin: (budgetMs) => beginImmediate(db, lock, budgetMs),
    run: (statement) => ({ rows: [], changes: db.prepare(statement.sql).run(...(statement.params as string[])).changes }),
  });
  executed = [];
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (key: string): SqlStep => ({ statement: { sql: 'INSERT INTO item (key) VALUES (?)', params: [key] } });
const keys = () => (db.prepare('SELECT key FROM item ORDER BY key').all() as { key: string }[]).map((row) => row.key);
const commits = () => executed.filter((text) => text === 'COMMIT').length;

describe('SQLite group commit', () => {
  it('gives the transactions asked for in one turn one BEGIN and one COMMIT, each in a savepoint', async () => {
    const results = await Promise.all([group.transaction([insert('a'), insert('b')], 10_000), group.transaction([insert('c')], 10_000), group.transaction([insert('d')], 10_000)]);
    expect(results.map((r) => r.committed)).toEqual([true, true, true]);
    expect(executed.filter((text) => text.startsWith('BEGIN'))).toHaveLength(1);
    expect(commits()).toBe(1);
    expect(executed.filter((text) => text === 'SAVEPOINT member')).toHaveLength(3);
    expect(keys()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('commits transactions asked for in different turns separately', async () => {
    const first = group.transaction([insert('a')], 10_000);
    await new Promise((resolve) => setImmediate(resolve));
    const second = group.transaction([insert('b')], 10_000);
    await Promise.all([first, second]);
    expect(commits()).toBe(2);
    expect(keys()).toEqual(['a', 'b']);
  });

  it('rolls back only the refused or failing transaction of a group, and the others commit', async () => {
    const [kept, refused, failed, alsoKept] = await Promise.allSettled([
      group.transaction([insert('a')], 10_000),
      group.transaction([insert('b'), { ...insert('c'), accept: () => false }, insert('never')], 10_000),
      group.transaction([insert('d'), insert('a')], 10_000),
      group.transaction([insert('e')], 10_000),
    ]);
    expect(kept).toMatchObject({ status: 'fulfilled', value: { committed: true } });
    expect(refused).toMatchObject({ status: 'fulfilled', value: { committed: false, refusedAt: 1 } });
    expect(failed).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } });
    expect(alsoKept).toMatchObject({ status: 'fulfilled', value: { committed: true } });
    expect(commits()).toBe(1);
    expect(keys()).toEqual(['a', 'e']);
  });

  it('answers nothing as done when the shared COMMIT fails, a refusal included, and keeps nothing', async () => {
    const orphan: SqlStep = { statement: { sql: 'INSERT INTO child (id, parent) VALUES (?, ?)', params: ['c1', 'missing'] } };
    const settled = await Promise.allSettled([
      group.transaction([insert('a')], 10_000),
      group.transaction([insert('b'), { ...insert('c'), accept: () => false }], 10_000),
      // A deferred foreign key is checked at the COMMIT, which fails for the whole group.
      group.transaction([orphan], 10_000),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(settled[0]).toMatchObject({ reason: { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' } });
    expect(db.inTransaction).toBe(false);
    expect(keys()).toEqual([]);
    expect((await group.transaction([insert('after')], 10_000)).committed).toBe(true);
    expect(keys()).toEqual(['after']);
  });

  it('lets each caller give up at its own deadline while another process holds the lock', async () => {
    const other = new Database(file, { timeout: 0 });
    other.prepare('BEGIN IMMEDIATE').run();
    const order: string[] = [];
    const track = (name: string, work: Promise<unknown>) =>
      work.then(
        () => order.push(`${name}: committed`),
        (error: unknown) => order.push(`${name}: ${isDatabaseUnavailable(error) ? 'unavailable' : String(error)}`),
      );
    const started = Date.now();
    const short = track('short', group.transaction([insert('short')], 50));
    const long = track('long', group.transaction([insert('long')], 10_000));
    await short;
    // It waited (about its 50 ms) rather than giving up at the first busy answer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
    expect(order).toEqual(['short: unavailable']);
    other.prepare('COMMIT').run();
    other.close();
    await long;
    expect(order).toEqual(['short: unavailable', 'long: committed']);
    expect(keys()).toEqual(['long']);
  });

  it('fails every transaction of the group when SQLite itself ends the transaction, and keeps nothing', async () => {
    db.exec("INSERT INTO item (key) VALUES ('taken')");
    const settled = await Promise.allSettled([
      group.transaction([insert('a')], 10_000),
      // OR ROLLBACK: on the conflict SQLite rolls back the whole transaction, not the statement.
      group.transaction([{ statement: { sql: 'INSERT OR ROLLBACK INTO item (key) VALUES (?)', params: ['taken'] } }], 10_000),
      group.transaction([insert('b')], 10_000),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(db.inTransaction).toBe(false);
    expect(keys()).toEqual(['taken']);
  });

  it('fails only the transaction whose rule throws', async () => {
    const settled = await Promise.allSettled([
      group.transaction([insert('a')], 10_000),
      group.transaction([
        {
          ...insert('b'),
          accept: () => {
            throw new Error('rule failed');
          },
        },
      ], 10_000),
    ]);
    expect(settled[0]).toMatchObject({ status: 'fulfilled', value: { committed: true } });
    expect(settled[1]).toMatchObject({ status: 'rejected', reason: { message: 'rule failed' } });
    expect(keys()).toEqual(['a']);
  });

  it('runs nothing of a transaction whose deadline passed before its turn', async () => {
    const slow: SqlStep = { ...insert('slow'), accept: () => {
      const until = Date.now() + 60;
      while (Date.now() < until);
      return true;
    } };
    const settled = await Promise.allSettled([group.transaction([slow], 10_000), group.transaction([insert('late')], 30)]);
    expect(settled[0]).toMatchObject({ status: 'fulfilled', value: { committed: true } });
    expect(settled[1]?.status).toBe('rejected');
    expect(isDatabaseUnavailable((settled[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(keys()).toEqual(['slow']);
  });

  it("runs each transaction in its caller's async context", async () => {
    const context = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    const step = (key: string): SqlStep => ({ ...insert(key), accept: () => seen.push(context.getStore()) > 0 });
    await Promise.all(['first', 'second'].map((name) => context.run(name, () => group.transaction([step(name)], 10_000))));
    expect(seen).toEqual(['first', 'second']);
    expect(commits()).toBe(1);
  });
});
