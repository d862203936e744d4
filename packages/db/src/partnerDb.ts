import { PrismaClient as SqlitePartnerClient } from '../generated/partner-sqlite/client.ts';
import { PrismaClient as PostgresPartnerClient } from '../generated/partner-postgresql/client.ts';
import { driverPairFor, transactionDeadlines } from './adapterFactory.ts';
import { registerSqlDriver } from './sqlDriver.ts';
import { registerPoolStats } from './poolStats.ts';
import type { AdapterOptions } from './adapterFactory.ts';
import { providerForUrl } from './schemaSources.ts';

export type { PartnerUser, PartnerSession, PartnerRateLimit, OidcPayload, SavedRecoveryToken, RecoveryTokenPick, DelegatedSaveRequest } from '../generated/partner-sqlite/client.ts';
export { Prisma as PartnerPrisma } from '../generated/partner-sqlite/client.ts';

/**
 * The partner's client. Both generated clients come from the same provider-neutral
 * models, so the SQLite client's type describes either; the application is written against it.
 */
export type PartnerDb = SqlitePartnerClient;

export function createPartnerDb(url: string, options: AdapterOptions = {}): PartnerDb {
  const { factory: adapter, driver, stats } = driverPairFor(url, options);
  const transactionOptions = transactionDeadlines(options);
  // Same models, other provider: the two generated types differ only in provider-specific
  // options the application does not use.
  const client = providerForUrl(url) === 'sqlite' ? new SqlitePartnerClient({ adapter, transactionOptions }) : (new PostgresPartnerClient({ adapter, transactionOptions }) as unknown as PartnerDb);
  registerSqlDriver(client, driver);
  registerPoolStats(client, stats);
  return client;
}
