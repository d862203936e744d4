import path from 'node:path';
import type { BenchSecrets } from './benchSecrets.ts';

export interface StackAddresses {
  /** The origin clients use for the account service (an instance, or the proxy in front). */
  accountOrigin: string;
  partnerOrigin: string;
  dataDir: string;
  accountDatabaseUrl: string;
  partnerDatabaseUrl: string;
}

/** The caller's environment without anything that would point a service elsewhere. */
function inherited(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, PUBLIC_URL: _public, PORT: _port, SECRET_KEY: _secret, ...rest } = process.env;
  return rest;
}

/**
 * The account service's environment: NODE_ENV=test (loopback http origins allowed), keys the
 * benchmark chose, its own data folder, and logs at warn so logging does not dominate.
 */
export function accountEnvironment(stack: StackAddresses, secrets: BenchSecrets, port: number): NodeJS.ProcessEnv {
  return {
    ...inherited(),
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: stack.accountOrigin,
    DATA_DIR: path.join(stack.dataDir, 'account'),
    DATABASE_URL: stack.accountDatabaseUrl,
    SECRET_KEY: secrets.accountSecretKey,
    TOKEN_SIGNING_KEYS: secrets.tokenSigningPem,
    PARTNER_URL: stack.partnerOrigin,
    PARTNER_NAME: 'Partner',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
  };
}

export function partnerEnvironment(stack: StackAddresses, secrets: BenchSecrets, port: number): NodeJS.ProcessEnv {
  return {
    ...inherited(),
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: stack.partnerOrigin,
    DATA_DIR: path.join(stack.dataDir, 'partner'),
    DATABASE_URL: stack.partnerDatabaseUrl,
    SECRET_KEY: secrets.partnerSecretKey,
    ACCOUNT_URL: stack.accountOrigin,
    COUNTERSIGN_PRIVATE_KEYS: secrets.countersignPem,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
  };
}
