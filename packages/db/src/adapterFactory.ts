import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { providerForUrl } from './schemaSources.ts';
import { sqliteDriverPair } from './sqliteDriver.ts';
import { postgresDriverPair } from './postgresDriver.ts';
import type { SqlDriver } from './sqlDriver.ts';

/** `file:./data/x.db` → the file path, creating its folder so a fresh clone just works. */
export function sqliteFilePath(url: string): string {
  const file = url.slice('file:'.length);
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return file;
}

export interface AdapterOptions {
  /** PostgreSQL pool size per process. */
  poolSize?: number;
}

/** The driver adapter for a DATABASE_URL: better-sqlite3 for `file:`, node-postgres otherwise. */
export function adapterFactoryFor(url: string, options: AdapterOptions = {}): SqlMigrationAwareDriverAdapterFactory {
  if (providerForUrl(url) === 'sqlite') {
    // A busy timeout lets concurrent writers queue instead of failing with SQLITE_BUSY.
    return new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 10_000 });
  }
  // A server that accepts connections but never answers must not hang start-up forever.
  return new PrismaPg({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
}

/**
 * Prisma's adapter factory together with the SQL driver that shares its connection (SQLite) or
 * pool (PostgreSQL), both observed statement by statement.
 */
export function driverPairFor(url: string, options: AdapterOptions = {}): { factory: SqlMigrationAwareDriverAdapterFactory; driver: SqlDriver } {
  const inner = adapterFactoryFor(url, options);
  if (providerForUrl(url) === 'sqlite') return sqliteDriverPair(inner);
  // The same pool settings adapterFactoryFor chose, in a pool both sides share.
  const pool = new pg.Pool((inner as unknown as { config: pg.PoolConfig }).config);
  // An idle connection the server ends (a restart, a dropped database) must not crash the
  // process; the next query on the pool reports the problem.
  pool.on('error', () => undefined);
  return postgresDriverPair(pool, (shared) => new PrismaPg(shared, { disposeExternalPool: true }));
}
