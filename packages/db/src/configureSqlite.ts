import { providerForUrl } from './schemaSources.ts';

interface RawQueries {
  $queryRawUnsafe<T = unknown>(query: string): Promise<T>;
}

/**
 * SQLite pragmas for a service: write-ahead logging, so readers never wait for a writer and a
 * commit appends instead of rewriting a rollback journal, with `synchronous=FULL` so every
 * acknowledged write is on disk (WAL would default to NORMAL, which can lose the newest commits
 * on power loss). journal_mode is kept in the file; synchronous is per connection.
 */
export async function configureSqlite(db: RawQueries, url: string): Promise<void> {
  if (providerForUrl(url) !== 'sqlite') return;
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  await db.$queryRawUnsafe('PRAGMA synchronous = FULL');
}
