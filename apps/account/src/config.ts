import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError, sweepFields, sweepSettings, base64KeyField, issueLines, missingSettings, refuseProblems, databaseTimeoutField, shutdownTimeoutField, metricsTokenField, checkDatabaseUrl, deriveKey, developmentSecret, isLocalOrigin, originField, signingKeysFrom, trustProxyField } from '@recovery/http';
import type { ServiceConfig } from '@recovery/http';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');




function schema(nodeEnv: string) {
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: originField(nodeEnv).optional(),
    DATA_DIR: z.string().default(path.join(repoRoot, 'data')),
    DATABASE_URL: z.string().optional(),
    DATABASE_TIMEOUT_MS: databaseTimeoutField,
    SHUTDOWN_TIMEOUT_MS: shutdownTimeoutField,
    METRICS_TOKEN: metricsTokenField.optional(),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    SECRET_KEY: base64KeyField.optional(),
    WEB_DIST: z.string().default(path.join(repoRoot, 'apps/web/dist')),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(24 * 14),
    SUDO_MINUTES: z.coerce.number().int().min(1).default(120),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().optional(),
    APP_NAME: z.string().trim().min(1).max(60).default('Keyhaven'),
    TRUST_PROXY: trustProxyField.default('loopback'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED_DEMO: z.enum(['true', 'false']).default('false'),
    WEBAUTHN_RP_ID: z.string().optional(),
    SMS_GATEWAY_URL: z.url().optional(),
    TOKEN_SIGNING_KEYS: z.string().optional(),
    TOKEN_DATA_KEY: base64KeyField.optional(),
    PARTNER_URL: originField(nodeEnv).optional(),
    PARTNER_NAME: z.string().min(1).max(60).default('Partner'),
    PARTNER_CLIENT_ID: z.string().min(1).default('account-service'),
    PARTNER_CLIENT_SECRET: z.string().min(1).optional(),
    PARTNER_PROTOCOL: z.enum(['oauth', 'dar']).default('oauth'),
    ACCOUNT_RECOVERY_DELAY_HOURS: z.coerce.number().min(0).max(24 * 30).default(72),
    SIGN_UPS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).optional(),
    SMS_GATEWAY_TOKEN: z.string().optional(),
    WEBAUTHN_RP_NAME: z.string().optional(),
    ...sweepFields,
  });
}

/**
 * The recovery provider. `protocol` says how tokens travel: `oauth` (our default between our own
 * services: OAuth 2.0 plus the partner's token API) or `dar` (the draft's browser protocol, for
 * any draft-hill-delegated-recovery provider; the client id and secret are then unused).
 */
export interface PartnerSettings {
  url: string;
  name: string;
  protocol: 'oauth' | 'dar';
  clientId: string;
  clientSecret: string;
}

export interface AccountConfig extends ServiceConfig {
  /** The product's name (APP_NAME): the header, page titles, emails and texts, the TOTP issuer. */
  appName: string;
  webDist: string;
  sudoMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** WebAuthn relying party: its ID (a registrable domain of the public origin) and name. */
  webAuthn: { rpId: string; rpName: string };
  /** P-256 keys that sign recovery tokens, newest first; the first signs, up to two are published. */
  tokenSigningKeys: KeyObject[];
  /** AES-256-GCM key for the `data` of recovery tokens. */
  tokenDataKey: Buffer;
  /** The recovery provider ("Recover Accounts Elsewhere"), when one is configured. */
  partner: PartnerSettings | undefined;
  /** How long an approved recovery waits before 2FA is removed, so the owner can cancel. */
  recoveryDelayMs: number;
  /** Sign-ups one client address may make per hour (development and tests: many, all from loopback). */
  signUpsPerAddressPerHour: number;
  /** An HTTP SMS gateway; unset, texts go to the outbox. */
  smsGateway: { url: string; token: string | undefined } | undefined;
}

export { ConfigError };

/**
 * Reads and validates the configuration once, from the environment. Outside production a
 * missing SECRET_KEY or token-signing key is generated once and kept in DATA_DIR, so restarts
 * keep sessions and tokens valid.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AccountConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const parsed = schema(nodeEnv).safeParse(env);
  const production = nodeEnv === 'production';
  // Without real transports, production mail and texts would pile up unread in the outbox table.
  const required = ['SECRET_KEY', 'PUBLIC_URL', 'TOKEN_SIGNING_KEYS', 'SMTP_URL', 'SMS_GATEWAY_URL'];
  if (env.PARTNER_URL && (env.PARTNER_PROTOCOL ?? 'oauth') === 'oauth') required.push('PARTNER_CLIENT_SECRET');
  refuseProblems('account service', [...(parsed.success ? [] : issueLines(parsed.error)), ...(production ? missingSettings(env, required) : [])]);
  if (!parsed.success) throw parsed.error;
  const e = parsed.data;
  // Development mode generates its own keys and serves /dev/outbox: only ever on loopback.
  if (e.NODE_ENV !== 'production' && e.PUBLIC_URL && !isLocalOrigin(e.PUBLIC_URL)) {
    throw new ConfigError(`PUBLIC_URL ${e.PUBLIC_URL} is not a loopback origin: set NODE_ENV=production (and its keys) to serve it`);
  }
  if (e.DATABASE_URL) checkDatabaseUrl(e.DATABASE_URL);
  const secretKey = e.SECRET_KEY ?? developmentSecret(e.DATA_DIR, 'account.secret');
  let tokenSigningKeys: KeyObject[];
  try {
    tokenSigningKeys = signingKeysFrom(e.TOKEN_SIGNING_KEYS, e.DATA_DIR, 'account-token-signing.pem');
  } catch (error) {
    throw new ConfigError(`TOKEN_SIGNING_KEYS: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicOrigin: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(e.DATA_DIR, 'account.db')}`,
    databaseTimeoutMs: e.DATABASE_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    secretKey,
    webDist: e.WEB_DIST,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    sudoMs: e.SUDO_MINUTES * 60_000,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `${e.APP_NAME} <no-reply@localhost>`,
    appName: e.APP_NAME,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO === 'true',
    sweep: sweepSettings(e),
    tokenSigningKeys,
    tokenDataKey: e.TOKEN_DATA_KEY ?? deriveKey(secretKey, 'recovery-token-data'),
    partner: e.PARTNER_URL
      ? {
          url: e.PARTNER_URL,
          name: e.PARTNER_NAME,
          protocol: e.PARTNER_PROTOCOL,
          clientId: e.PARTNER_CLIENT_ID,
          clientSecret: e.PARTNER_CLIENT_SECRET ?? 'development-only-account-client-secret',
        }
      : undefined,
    recoveryDelayMs: e.ACCOUNT_RECOVERY_DELAY_HOURS * 3_600_000,
    signUpsPerAddressPerHour: e.SIGN_UPS_PER_ADDRESS_PER_HOUR ?? (e.NODE_ENV === 'production' ? 10 : 1_000),
    smsGateway: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN } : undefined,
    webAuthn: { rpId: e.WEBAUTHN_RP_ID ?? new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).hostname, rpName: e.WEBAUTHN_RP_NAME ?? e.APP_NAME },
  };
}
