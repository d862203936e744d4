import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JWKS } from 'oidc-provider';
import { z } from 'zod';
import { base64KeyField, sweepFields, sweepSettings, checkDatabaseUrl, issueLines, missingSettings, refuseProblems, databaseTimeoutField, shutdownTimeoutField, metricsTokenField, developmentSecret, isLocalOrigin, isLoopbackOrigin, originField, trustProxyField } from '@recovery/http';
import type { ServiceConfig } from '@recovery/http';
import { MAX_TOKEN_BYTES } from '@recovery/core/token/index';
import { ConfigError } from './configError.ts';
import { developmentCountersignKeys, parseCountersignKeys } from './keys/countersignKeys.ts';
import { developmentOidcJwks, parseOidcJwks } from './keys/oidcSigningKeys.ts';

export { ConfigError };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');



/** A comma-separated list, blanks ignored. */
function commaList(item: z.ZodType<string, string>) {
  return z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part.length > 0))
    .pipe(z.array(item).min(1));
}

/** An exact redirect URI: https (or loopback http outside production), no fragment, no credentials. */
function redirectUriField(nodeEnv: string) {
  return z.url().refine(
    (value) => {
      const url = new URL(value);
      if (url.hash || url.username || url.password) return false;
      return url.protocol === 'https:' || (nodeEnv !== 'production' && isLoopbackOrigin(url.origin));
    },
    { message: 'must be an https:// URL without a fragment (http://127.0.0.1 or localhost only outside production)' },
  );
}

function schema(nodeEnv: string) {
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    PUBLIC_URL: originField(nodeEnv).optional(),
    DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
    DATABASE_URL: z.string().min(1).optional(),
    DATABASE_TIMEOUT_MS: databaseTimeoutField,
    SHUTDOWN_TIMEOUT_MS: shutdownTimeoutField,
    METRICS_TOKEN: metricsTokenField.optional(),
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    SECRET_KEY: base64KeyField.optional(),
    DISPLAY_NAME: z.string().trim().min(1).max(60).default('Partner'),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(24 * 14),
    TRUST_PROXY: trustProxyField.default('loopback'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED_DEMO: z.enum(['true', 'false']).default('false'),
    ACCOUNT_URL: originField(nodeEnv).optional(),
    ACCOUNT_CLIENT_ID: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, { message: 'must be 1 to 100 letters, digits, dots, underscores or hyphens' })
      .default('account-service'),
    ACCOUNT_CLIENT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).max(512).optional(),
    ACCOUNT_REDIRECT_URIS: commaList(redirectUriField(nodeEnv)).optional(),
    ALLOWED_TOKEN_ISSUERS: commaList(originField(nodeEnv)).optional(),
    COUNTERSIGN_PRIVATE_KEYS: z.string().min(1).optional(),
    OIDC_JWKS: z.string().min(1).optional(),
    TOKEN_MAX_SIZE: z.coerce.number().int().min(256).max(MAX_TOKEN_BYTES).default(8192),
    ...sweepFields,
  });
}

export interface PartnerConfig extends ServiceConfig {
  /** The partner's name as users see it (page titles; later "Save as <name>"). */
  displayName: string;
  /** The account service, registered as this provider's one confidential OIDC client. */
  accountClient: {
    clientId: string;
    clientSecret: string;
    /** Its origin (ACCOUNT_URL): the site users are told tokens are saved for. */
    origin: string;
    /** Exact redirect URIs, all on one host (the pairwise sector). */
    redirectUris: string[];
  };
  /** Origins whose recovery tokens may be saved (and so recovered) through the account client. */
  allowedTokenIssuers: string[];
  /** P-256 countersigning keys, newest first (it signs); all are published. */
  countersignKeys: KeyObject[];
  /** ES256 private JWKs signing ID tokens, newest first. */
  oidcJwks: JWKS;
  /** The largest recovery token accepted, in bytes (`token-max-size`). */
  tokenMaxSize: number;
}

/**
 * The account client's secret outside production, unless ACCOUNT_CLIENT_SECRET is set: the
 * account service's own development default (its PARTNER_CLIENT_SECRET), so a local stack
 * needs no setup.
 */
export const DEVELOPMENT_ACCOUNT_CLIENT_SECRET = 'development-only-account-client-secret';

/**
 * Reads and validates the configuration once, from the environment. Outside production a
 * missing SECRET_KEY is generated once and kept in DATA_DIR/partner.secret, so restarts keep
 * sessions valid; likewise the countersigning key (DATA_DIR/partner-countersign.pem) and the ID
 * token signing key (DATA_DIR/partner-oidc-jwks.json). Production requires all of them, the
 * account client's secret and ACCOUNT_URL from the environment, so every instance agrees.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): PartnerConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const parsed = schema(nodeEnv).safeParse(env);
  const required = ['SECRET_KEY', 'PUBLIC_URL', 'ACCOUNT_URL', 'ACCOUNT_CLIENT_SECRET', 'COUNTERSIGN_PRIVATE_KEYS', 'OIDC_JWKS'];
  refuseProblems('partner', [...(parsed.success ? [] : issueLines(parsed.error)), ...(nodeEnv === 'production' ? missingSettings(env, required) : [])]);
  if (!parsed.success) throw parsed.error;
  const e = parsed.data;
  // Development mode generates its own keys and a public client secret: only ever on loopback.
  if (e.NODE_ENV !== 'production' && e.PUBLIC_URL && !isLocalOrigin(e.PUBLIC_URL)) {
    throw new ConfigError(`PUBLIC_URL ${e.PUBLIC_URL} is not a loopback origin: set NODE_ENV=production (and its keys) to serve it`);
  }
  if (e.DATABASE_URL) checkDatabaseUrl(e.DATABASE_URL);
  const accountOrigin = e.ACCOUNT_URL ?? 'http://localhost:3000';
  const redirectUris = e.ACCOUNT_REDIRECT_URIS ?? [`${accountOrigin}/api/recovery-tokens/callback`];
  if (new Set(redirectUris.map((uri) => new URL(uri).host)).size > 1) {
    throw new ConfigError('ACCOUNT_REDIRECT_URIS: all redirect URIs must be on one host (it identifies the client for pairwise subjects)');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicOrigin: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(e.DATA_DIR, 'partner.db')}`,
    databaseTimeoutMs: e.DATABASE_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    metricsPort: e.METRICS_PORT,
    secretKey: e.SECRET_KEY ?? developmentSecretOrConfigError(e.DATA_DIR),
    displayName: e.DISPLAY_NAME,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO === 'true',
    sweep: sweepSettings(e),
    accountClient: {
      clientId: e.ACCOUNT_CLIENT_ID,
      clientSecret: e.ACCOUNT_CLIENT_SECRET ?? DEVELOPMENT_ACCOUNT_CLIENT_SECRET,
      origin: accountOrigin,
      redirectUris: [...new Set(redirectUris)],
    },
    allowedTokenIssuers: [...new Set(e.ALLOWED_TOKEN_ISSUERS ?? [accountOrigin])],
    countersignKeys: e.COUNTERSIGN_PRIVATE_KEYS ? parseCountersignKeys(e.COUNTERSIGN_PRIVATE_KEYS) : developmentCountersignKeys(e.DATA_DIR),
    oidcJwks: e.OIDC_JWKS ? parseOidcJwks(e.OIDC_JWKS) : developmentOidcJwks(e.DATA_DIR),
    tokenMaxSize: e.TOKEN_MAX_SIZE,
  };
}

function developmentSecretOrConfigError(dataDir: string): Buffer {
  try {
    return developmentSecret(dataDir, 'partner.secret');
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}
