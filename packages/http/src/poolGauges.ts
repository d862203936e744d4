import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { PoolStats } from '@recovery/db';

type Postgres = Extract<PoolStats, { provider: 'postgresql' }>;
type Sqlite = Extract<PoolStats, { provider: 'sqlite' }>;

/**
 * Pool use, read at scrape time (nothing is counted on the statement path). Only the provider's
 * own gauges are registered: PostgreSQL's pool of connections, or SQLite's one connection and the
 * lock its transactions queue for.
 */
export function registerPoolGauges(registry: Registry, read: () => PoolStats): void {
  const registers = [registry];
  const gauge = <S extends PoolStats>(name: string, help: string, value: (s: S) => number) =>
    new Gauge({ name, help, registers, collect() { this.set(value(read() as S)); } });
  if (read().provider === 'postgresql') {
    gauge<Postgres>('database_pool_connections', 'PostgreSQL connections the pool holds open, in use or idle', (s) => s.total);
    gauge<Postgres>('database_pool_idle_connections', 'PostgreSQL connections open and idle in the pool', (s) => s.idle);
    gauge<Postgres>('database_pool_waiting', 'Checkouts waiting for a PostgreSQL connection because the pool is full', (s) => s.waiting);
    gauge<Postgres>('database_pool_max_connections', 'The most PostgreSQL connections the pool opens', (s) => s.max);
    return;
  }
  gauge<Sqlite>('database_lock_waiting', "Transactions and statements waiting for the SQLite connection's lock", (s) => s.waiting);
  gauge<Sqlite>('database_lock_held', "1 while a transaction or statement holds the SQLite connection's lock", (s) => (s.held ? 1 : 0));
}
