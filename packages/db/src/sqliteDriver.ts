import type Database from 'better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { Mutex } from './mutex.ts';
import { observedAdapter, observedFactory } from './observedAdapter.ts';
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

/**
 * The SQL driver on Prisma's own SQLite connection. One lock orders Prisma's transactions, these
 * transactions and (while either is open) every other statement, so nothing joins a transaction
 * by accident. A transaction here runs synchronously from BEGIN to COMMIT.
 */
export function sqliteDriverPair(inner: SqlMigrationAwareDriverAdapterFactory): { factory: SqlMigrationAwareDriverAdapterFactory; driver: SqlDriver } {
  const observers = new StatementObservers();
  const lock = new Mutex();
  let connection: Promise<{ adapter: SqlDriverAdapter; db: Database.Database }> | null = null;
  let prepared = new Map<string, Database.Statement>();

  const connect = () => {
    connection ??= inner.connect().then((adapter) => {
      prepared = new Map();
      const observed = observedAdapter(adapter, observers, lock);
      const dispose = async () => {
        connection = null;
        await adapter.dispose();
      };
      return { adapter: { ...observed, dispose }, db: handleOf(adapter) };
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
      return lock.held ? lock.run(async () => run(db, statement, false)) : run(db, statement, false);
    },
    async transaction(steps: readonly SqlStep[]): Promise<SqlTransactionResult> {
      const { db } = await connect();
      const release = await lock.acquire();
      try {
        db.prepare('BEGIN IMMEDIATE').run();
        const results: SqlResult[] = [];
        try {
          for (const [index, step] of steps.entries()) {
            const result = run(db, step.statement, true);
            results.push(result);
            if (step.accept && !step.accept(result)) {
              db.prepare('ROLLBACK').run();
              return { committed: false, refusedAt: index, results };
            }
          }
          db.prepare('COMMIT').run();
        } catch (error) {
          if (db.inTransaction) db.prepare('ROLLBACK').run();
          throw error;
        }
        observers.commit();
        return { committed: true, results };
      } finally {
        release();
      }
    },
    observe: (observer) => observers.add(observer),
  };
  return { factory, driver };
}
