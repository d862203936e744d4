import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { providerForUrl } from './schemaSources.ts';
import { sqliteDriverPair } from './sqliteDriver.ts';
import { postgresDriverPair } from './postgresDriver.ts';
import { GuardedPool } from './guardedPool.ts';
import type { ServerWarningListener } from './guardedPool.ts';
import type { SqlDriver } from './sqlDriver.ts';
import type { PoolStats } from './poolStats.ts';

/** `file:./data/x.db` → the file path, creating its folder so a fresh clone just works. */
export function sqliteFilePath(url: string): string {
  const file = url.slice('file:'.length);
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return file;
}

/** How long a request may wait for its database before the service answers 503 (DATABASE_TIMEOUT_MS). */
export const defaultDatabaseTimeoutMs = 5_000;

export interface AdapterOptions {
  /** PostgreSQL pool size per process. */
  poolSize?: number;
  /**
   * The request deadline (DATABASE_TIMEOUT_MS). A connection attempt, a statement and a wait
   * for a lock each get half of it, so a statement that fails and the rollback after it still
   * answer within the deadline.
   */
  timeoutMs?: number;
  /** Migrations may run long statements: bound only the connection attempt. */
  statements?: 'bounded' | 'unbounded';
  /** Told about each WARNING the PostgreSQL server sends (logged by the services). */
  onServerWarning?: ServerWarningListener;
}

/** Half the request deadline: what one connection attempt or one statement may take. */
export function stepTimeoutMs(options: AdapterOptions): number {
  return Math.max(50, Math.floor((options.timeoutMs ?? defaultDatabaseTimeoutMs) / 2));
}

/** The driver adapter for a DATABASE_URL: better-sqlite3 for `file:`, node-postgres otherwise. */
export function adapterFactoryFor(url: string, options: AdapterOptions = {}): SqlMigrationAwareDriverAdapterFactory {
  const stepMs = stepTimeoutMs(options);
  if (providerForUrl(url) === 'sqlite') {
    // The busy timeout lets writers of other processes queue, within the deadline, instead of
    // failing at once with SQLITE_BUSY (one process's own writers queue on the adapter's mutex).
    // Migrations wait longer: another instance may be applying the same ones.
    return new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: options.statements === 'unbounded' ? Math.max(stepMs, 10_000) : stepMs });
  }
  const bounded = options.statements !== 'unbounded';
  return new PrismaPg({
    connectionString: url,
    max: options.poolSize ?? 10,
    // A server that accepts connections but never answers must not hang start-up or a request.
    connectionTimeoutMillis: stepMs,
    // The server cancels a statement (or lock wait) that runs too long; the client gives up on
    // one whose answer never comes (a stalled network path), a little later so the server's
    // cancellation wins when the server is there to give it.
    // A transaction left open on a connection nobody uses any more (its client gone quiet) is
    // rolled back by the server after the whole deadline, so it cannot hold locks for longer.
    ...(bounded ? { statement_timeout: stepMs, query_timeout: stepMs + 250, idle_in_transaction_session_timeout: options.timeoutMs ?? defaultDatabaseTimeoutMs } : {}),
  });
}

/**
 * Interactive transactions: waiting for one to start (SQLite's single writer, a full pool) gets
 * half the deadline, and one that runs past the whole deadline is rolled back.
 */
export function transactionDeadlines(options: AdapterOptions): { maxWait: number; timeout: number } {
  return { maxWait: stepTimeoutMs(options), timeout: options.timeoutMs ?? defaultDatabaseTimeoutMs };
}

/**
 * Prisma's adapter factory together with the SQL driver that shares its connection (SQLite) or
 * pool (PostgreSQL), both observed statement by statement.
 */
export function driverPairFor(url: string, options: AdapterOptions = {}): { factory: SqlMigrationAwareDriverAdapterFactory; driver: SqlDriver; stats: () => PoolStats } {
  if (providerForUrl(url) === 'sqlite') {
    // Busy timeout 0: the SQLite driver waits for another process's write lock on timers instead
    // (better-sqlite3's busy handler would sleep on the event loop, blocking the whole service).
    const waitMs = options.statements === 'unbounded' ? Math.max(stepTimeoutMs(options), 10_000) : stepTimeoutMs(options);
    return sqliteDriverPair(new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 0 }), waitMs);
  }
  const inner = adapterFactoryFor(url, options);
  // The same pool settings adapterFactoryFor chose, in a pool both sides share.
  // Pipeline mode lets the SQL driver send a transaction's statements without waiting for each
  // answer; Prisma's adapter awaits every statement, so its use of a connection is unchanged.
  const pool = new GuardedPool({ ...(inner as unknown as { config: pg.PoolConfig }).config, pipeline: true } as pg.PoolConfig, options.onServerWarning);
  return postgresDriverPair(pool, (shared) => new PrismaPg(shared, { disposeExternalPool: true }));
}
