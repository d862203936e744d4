/**
 * How busy a client's connections are, read when metrics are scraped: PostgreSQL's pool (the one
 * Prisma's adapter and the SQL driver share), or SQLite's single connection and its lock.
 */
export type PoolStats =
  | { provider: 'postgresql'; total: number; idle: number; waiting: number; max: number }
  | { provider: 'sqlite'; waiting: number; held: boolean };

const readers = new WeakMap<object, () => PoolStats>();

export function registerPoolStats(client: object, read: () => PoolStats): void {
  readers.set(client, read);
}

/** Reads the pool of a client made by createAccountDb or createPartnerDb; nothing is counted on the statement path. */
export function poolStatsOf(client: object): () => PoolStats {
  const read = readers.get(client);
  if (!read) throw new Error('This database client was not created by createAccountDb or createPartnerDb');
  return read;
}
