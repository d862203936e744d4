import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { providerForUrl } from './schemaSources.ts';

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
