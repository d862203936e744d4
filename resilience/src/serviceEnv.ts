import { randomBytes } from 'node:crypto';
import path from 'node:path';

export function loopbackOrigin(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** A base64 32-byte key, shared by instances that must read each other's sessions and secrets. */
export function newSecretKey(): string {
  return randomBytes(32).toString('base64');
}

export interface AccountSetup {
  port: number;
  dataDir: string;
  databaseUrl: string;
  secretKey: string;
  /** The partner's origin, for "Recover Accounts Elsewhere". */
  partnerOrigin?: string;
}

/** The account service's environment, as an operator would set it for one instance. */
export function accountEnv(setup: AccountSetup): Record<string, string> {
  return {
    PORT: String(setup.port),
    PUBLIC_URL: loopbackOrigin(setup.port),
    DATA_DIR: setup.dataDir,
    DATABASE_URL: setup.databaseUrl,
    SECRET_KEY: setup.secretKey,
    // No web UI: these checks drive the API.
    WEB_DIST: path.join(setup.dataDir, 'no-web'),
    ACCOUNT_RECOVERY_DELAY_HOURS: '0',
    ...(setup.partnerOrigin ? { PARTNER_URL: setup.partnerOrigin, PARTNER_NAME: 'Partner' } : {}),
  };
}

export interface PartnerSetup {
  port: number;
  dataDir: string;
  databaseUrl: string;
  secretKey: string;
  accountOrigin: string;
  /** Where users and the account service reach it, when that is not its own port (a proxy). */
  publicOrigin?: string;
}

/** The partner's environment; its signing keys live in DATA_DIR, so a restart keeps them. */
export function partnerEnv(setup: PartnerSetup): Record<string, string> {
  return {
    PORT: String(setup.port),
    PUBLIC_URL: setup.publicOrigin ?? loopbackOrigin(setup.port),
    DATA_DIR: setup.dataDir,
    DATABASE_URL: setup.databaseUrl,
    SECRET_KEY: setup.secretKey,
    ACCOUNT_URL: setup.accountOrigin,
  };
}
