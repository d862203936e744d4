import { PrismaClient as SqliteAccountClient } from '../generated/account-sqlite/client.ts';
import { PrismaClient as PostgresAccountClient } from '../generated/account-postgresql/client.ts';
import { driverPairFor, transactionDeadlines } from './adapterFactory.ts';
import { registerSqlDriver } from './sqlDriver.ts';
import { registerPoolStats } from './poolStats.ts';
import type { AdapterOptions } from './adapterFactory.ts';
import { providerForUrl } from './schemaSources.ts';

export type { User, Session, SecurityEvent, KnownDevice, OutboxMessage, RateLimit, TwoFactor, RecoveryCode, PendingSignIn, SecurityKey, WebAuthnChallenge, FallbackSms, SmsCode, RecoveryToken, OAuthFlow, RecoveryRequest, PasswordReset } from '../generated/account-sqlite/client.ts';
export type { DeviceRecoveryEvidence, EmailRecoveryCode, TwoFactorCheckup } from '../generated/account-sqlite/client.ts';
export { Prisma as AccountPrisma } from '../generated/account-sqlite/client.ts';
import type { Prisma } from '../generated/account-sqlite/client.ts';

/**
 * The account service's client. Both generated clients come from the same provider-neutral
 * models, so the SQLite client's type describes either; the application is written against it.
 */
export type AccountDb = SqliteAccountClient;

/** The client inside an interactive transaction: what a rule that is part of one outcome takes. */
export type AccountTx = Prisma.TransactionClient;

export function createAccountDb(url: string, options: AdapterOptions = {}): AccountDb {
  const { factory: adapter, driver, stats } = driverPairFor(url, options);
  const transactionOptions = transactionDeadlines(options);
  // Same models, other provider: the two generated types differ only in provider-specific
  // options the application does not use.
  const client = providerForUrl(url) === 'sqlite' ? new SqliteAccountClient({ adapter, transactionOptions }) : (new PostgresAccountClient({ adapter, transactionOptions }) as unknown as AccountDb);
  registerSqlDriver(client, driver);
  registerPoolStats(client, stats);
  return client;
}
