import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery, Transaction } from '@prisma/driver-adapter-utils';
import type { Mutex } from './mutex.ts';
import type { StatementObservers } from './sqlDriver.ts';

export function observedTransaction(tx: Transaction, observers: StatementObservers, release: () => void): Transaction {
  let released = false;
  const done = () => {
    if (!released) release();
    released = true;
  };
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    // Async, so an observer that refuses the statement (the breaker) rejects like a failed statement.
    async queryRaw(query: SqlQuery) {
      observers.statement(query.sql, true);
      return tx.queryRaw(query);
    },
    async executeRaw(query: SqlQuery) {
      observers.statement(query.sql, true);
      return tx.executeRaw(query);
    },
    async commit() {
      try {
        await tx.commit();
        observers.commit();
      } finally {
        done();
      }
    },
    async rollback() {
      try {
        await tx.rollback();
      } finally {
        done();
      }
    },
    createSavepoint: tx.createSavepoint?.bind(tx),
    rollbackToSavepoint: tx.rollbackToSavepoint?.bind(tx),
    releaseSavepoint: tx.releaseSavepoint?.bind(tx),
  };
}

/** How statements share one connection (SQLite): a lock, retries while busy, transactions that hold the write lock. */
export interface SingleConnection {
  lock: Mutex;
  /** Runs a statement outside a transaction, trying again while another process holds the lock. */
  retry<T>(run: () => Promise<T>): Promise<T>;
  /** Opens a transaction with the write lock taken; `release` lets go of `lock`. */
  begin(): Promise<{ transaction: Transaction; release: () => void }>;
}

/**
 * Prisma's adapter with every statement shown to the observers. With a `single` connection
 * (SQLite), a statement outside a transaction waits while a transaction holds the connection,
 * instead of silently joining it and sharing its fate.
 */
export function observedAdapter(adapter: SqlDriverAdapter, observers: StatementObservers, single?: SingleConnection): SqlDriverAdapter {
  const outside = async <T>(query: SqlQuery, run: () => Promise<T>): Promise<T> => {
    if (!single) {
      observers.statement(query.sql, false);
      return run();
    }
    const { lock } = single;
    const go = () => {
      observers.statement(query.sql, false);
      return run();
    };
    return single.retry(() => (lock.held ? lock.run(go) : go()));
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => outside(query, () => adapter.queryRaw(query)),
    executeRaw: (query) => outside(query, () => adapter.executeRaw(query)),
    executeScript: (script) => adapter.executeScript(script),
    async startTransaction(isolationLevel) {
      if (single) {
        const { transaction, release } = await single.begin();
        return observedTransaction(transaction, observers, release);
      }
      return observedTransaction(await adapter.startTransaction(isolationLevel), observers, () => undefined);
    },
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
  };
}

/** The factory Prisma is given: one adapter per connect, observed (and locked on SQLite). */
export function observedFactory(
  factory: SqlMigrationAwareDriverAdapterFactory,
  observers: StatementObservers,
  onConnect: (adapter: SqlDriverAdapter) => SqlDriverAdapter,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => onConnect(await factory.connect()),
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}
