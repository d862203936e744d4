import type Database from 'better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import { Mutex } from './mutex.ts';
import { observedAdapter, observedFactory } from './observedAdapter.ts';
import { remainingBudgetMs } from './requestDeadline.ts';
import { beginImmediate, retryWhileBusy } from './sqliteBusy.ts';
import { SqliteGroupCommit } from './sqliteGroupCommit.ts';
import type { PoolStats } from './poolStats.ts';
import { StatementObservers } from './sqlDriver.ts';
import type { SqlDriver, SqlResult, SqlStatement, SqlStep, SqlTransactionResult, SqlValue } from './sqlDriver.ts';

/** Prisma's SQLite adapter keeps its better-sqlite3 handle in `client`. */
function handleOf(adapter: SqlDriverAdapter): Database.Database {
  const client = (adapter as unknown as { client?: Database.Database }).client;
  if (!client || typeof client.prepare !== 'function') throw new Error('The SQLite adapter does not expose its connection');
  return client;
}

/** Prisma's format for SQLite DateTime columns, so both sides compare and read the same text. */
function bind(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** A transaction of Prisma's on a connection that already holds SQLite's write lock. */
function writeTransaction(adapter: SqlDriverAdapter, db: Database.Database): Transaction {
  const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });
  // Prisma sends COMMIT or ROLLBACK itself, and after a COMMIT that failed it only says
  // "rollback": whatever is still open is rolled back here, so nothing that runs next joins it.
  const close = async () => {
    if (db.inTransaction) db.prepare('ROLLBACK').run();
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    commit: close,
    rollback: close,
    createSavepoint: async (name) => void (await adapter.executeRaw(statement(`SAVEPOINT ${name}`))),
    rollbackToSavepoint: async (name) => void (await adapter.executeRaw(statement(`ROLLBACK TO ${name}`))),
    releaseSavepoint: async (name) => void (await adapter.executeRaw(statement(`RELEASE SAVEPOINT ${name}`))),
  };
}

/**
 * The SQL driver on Prisma's own SQLite connection. One lock orders Prisma's transactions, these
 * transactions and (while either is open) every other statement, so nothing joins a transaction
 * by accident. A transaction here runs synchronously from BEGIN to COMMIT, in a group with the
 * others asked for in the same turn of the event loop (see SqliteGroupCommit).
 *
 * The connection's busy timeout is 0 (better-sqlite3 would wait for another process's lock on the
 * event loop): every transaction starts with BEGIN IMMEDIATE, tried again on timers while another
 * process writes, and so do statements outside a transaction, for at most `waitMs` or what is
 * left of the request's deadline.
 */
export function sqliteDriverPair(inner: SqlMigrationAwareDriverAdapterFactory, waitMs: number): { factory: SqlMigrationAwareDriverAdapterFactory; driver: SqlDriver; stats: () => PoolStats } {
  const observers = new StatementObservers();
  const lock = new Mutex();
  let connection: Promise<{ adapter: SqlDriverAdapter; db: Database.Database; group: SqliteGroupCommit }> | null = null;
  let prepared = new Map<string, Database.Statement>();
  const budget = () => remainingBudgetMs(waitMs);

  const connect = () => {
    connection ??= inner.connect().then((adapter) => {
      prepared = new Map();
      const db = handleOf(adapter);
      const observed = observedAdapter(adapter, observers, {
        lock,
        retry: (run) => retryWhileBusy(run, budget()),
        begin: async () => {
          const release = await beginImmediate(db, lock, budget());
          return { transaction: writeTransaction(adapter, db), release };
        },
      });
      const dispose = async () => {
        connection = null;
        await adapter.dispose();
      };
      const group = new SqliteGroupCommit(db, { begin: (budgetMs) => beginImmediate(db, lock, budgetMs), run: (statement) => run(db, statement, true) });
      return { adapter: { ...observed, dispose }, db, group };
    });
    return connection;
  };
  const factory = observedFactory(inner, observers, (adapter) => adapter);
  factory.connect = async () => (await connect()).adapter;

  const run = (db: Database.Database, statement: SqlStatement, inTransaction: boolean): SqlResult => {
    observers.statement(statement.sql, inTransaction);
    let stmt = prepared.get(statement.sql);
    if (!stmt) {
      stmt = db.prepare(statement.sql).safeIntegers(false);
      prepared.set(statement.sql, stmt);
    }
    const params = statement.params.map(bind);
    if (stmt.reader) {
      const rows = stmt.all(...params) as Record<string, unknown>[];
      return { rows, changes: /^\s*select/i.test(statement.sql) ? 0 : rows.length };
    }
    return { rows: [], changes: stmt.run(...params).changes };
  };

  const driver: SqlDriver = {
    provider: 'sqlite',
    async query(statement) {
      const { db } = await connect();
      const go = async () => run(db, statement, false);
      return retryWhileBusy(() => (lock.held ? lock.run(go) : go()), budget());
    },
    // TransactionOptions.flush is not read: every commit here is flushed (synchronous=FULL).
    async transaction(steps: readonly SqlStep[]): Promise<SqlTransactionResult> {
      const { group } = await connect();
      const result = await group.transaction(steps, budget());
      // Told in the caller's async context, once its transaction is on disk.
      if (result.committed) observers.commit();
      return result;
    },
    observe: (observer) => observers.add(observer),
  };
  return { factory, driver, stats: () => ({ provider: 'sqlite', waiting: lock.waiting, held: lock.held }) };
}
