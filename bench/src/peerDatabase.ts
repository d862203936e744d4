import Database from 'better-sqlite3';
import pg from 'pg';
import { countPgPool, countSqlite } from './driverCounter.ts';
import type { DriverCounter } from './driverCounter.ts';

/** Where the Better Auth peer keeps its data: a SQLite file, or a PostgreSQL database. */
export type PeerDatabaseSpec = { provider: 'sqlite'; file: string } | { provider: 'postgresql'; url: string };

export interface PeerDatabase {
  /** What Better Auth is given: better-sqlite3's handle or a node-postgres pool. */
  handle: Database.Database | pg.Pool;
  /** Sessions Better Auth created: one per successful verification. */
  sessionCount(): Promise<number>;
  close(): Promise<void>;
}

export interface PeerDatabaseOptions {
  /** FULL as our service runs; OFF only while seeding. */
  synchronous?: 'FULL' | 'OFF';
  /** Pool size per process on PostgreSQL (our account service's default is 10). */
  poolSize?: number;
  counter?: DriverCounter;
}

/** The same better-sqlite3 build and pragmas as our service (WAL, synchronous=FULL), or a pg pool. */
export function openPeerDatabase(spec: PeerDatabaseSpec, options: PeerDatabaseOptions = {}): PeerDatabase {
  if (spec.provider === 'sqlite') {
    const database = new Database(spec.file);
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    if (options.counter) countSqlite(database, options.counter);
    return {
      handle: database,
      sessionCount: async () => Number((database.prepare('SELECT COUNT(*) AS n FROM session').get() as { n: number }).n),
      close: async () => {
        database.close();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: spec.url, max: options.poolSize ?? 10 });
  pool.on('error', () => undefined);
  if (options.counter) countPgPool(pool, options.counter);
  return {
    handle: pool,
    sessionCount: async () => Number(((await pool.query('SELECT COUNT(*) AS n FROM session')).rows[0] as { n: string }).n),
    close: () => pool.end(),
  };
}

export function peerDatabaseEnv(spec: PeerDatabaseSpec): Record<string, string> {
  return spec.provider === 'sqlite' ? { PEER_DB: spec.file } : { PEER_DATABASE_URL: spec.url };
}

export function peerDatabaseFromEnv(env: NodeJS.ProcessEnv): PeerDatabaseSpec {
  if (env.PEER_DATABASE_URL) return { provider: 'postgresql', url: env.PEER_DATABASE_URL };
  if (env.PEER_DB) return { provider: 'sqlite', file: env.PEER_DB };
  throw new Error('PEER_DB or PEER_DATABASE_URL is required');
}
