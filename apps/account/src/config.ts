import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const loopbackOrigin = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** The public origin: https, or a loopback http origin outside production. */
function originField(nodeEnv: string) {
  return z
    .url()
    .transform((value) => new URL(value).origin)
    .refine((origin) => origin.startsWith('https://') || (nodeEnv !== 'production' && loopbackOrigin.test(origin)), {
      message: 'must be an https:// origin (http://127.0.0.1 or localhost only outside production)',
    });
}

const base64Key = z
  .string()
  .transform((value) => Buffer.from(value, 'base64'))
  .refine((key) => key.length === 32, { message: 'must be 32 bytes, base64-encoded' });

function schema(nodeEnv: string) {
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_URL: originField(nodeEnv).optional(),
    DATA_DIR: z.string().default(path.join(repoRoot, 'data')),
    DATABASE_URL: z.string().optional(),
    SECRET_KEY: base64Key.optional(),
    WEB_DIST: z.string().default(path.join(repoRoot, 'apps/web/dist')),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(24 * 14),
    SUDO_MINUTES: z.coerce.number().int().min(1).default(120),
    SMTP_URL: z.string().optional(),
    MAIL_FROM: z.string().default('Account <no-reply@localhost>'),
    TRUST_PROXY: z.string().default('loopback'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED_DEMO: z.enum(['true', 'false']).default('false'),
    WEBAUTHN_RP_ID: z.string().optional(),
    SMS_GATEWAY_URL: z.url().optional(),
    SMS_GATEWAY_TOKEN: z.string().optional(),
    WEBAUTHN_RP_NAME: z.string().default('Account'),
  });
}

export interface AccountConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** The origin users reach the service at (cookies, CSRF origin checks, links in emails). */
  publicOrigin: string;
  dataDir: string;
  databaseUrl: string;
  /** Master key; purpose keys are derived from it (see deriveKey). */
  secretKey: Buffer;
  webDist: string;
  session: { idleMs: number; absoluteMs: number };
  sudoMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  trustProxy: string;
  logLevel: string;
  seedDemo: boolean;
  /** WebAuthn relying party: its ID (a registrable domain of the public origin) and name. */
  webAuthn: { rpId: string; rpName: string };
  /** An HTTP SMS gateway; unset, texts go to the outbox. */
  smsGateway: { url: string; token: string | undefined } | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the configuration once, from the environment. Outside production a
 * missing SECRET_KEY is generated once and kept in DATA_DIR, so restarts keep sessions valid.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AccountConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const parsed = schema(nodeEnv).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid account service configuration: ${problems}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SECRET_KEY) throw new ConfigError('SECRET_KEY is required in production');
  if (e.NODE_ENV === 'production' && !e.PUBLIC_URL) throw new ConfigError('PUBLIC_URL is required in production');
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicOrigin: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL ?? `file:${path.join(e.DATA_DIR, 'account.db')}`,
    secretKey: e.SECRET_KEY ?? developmentKey(e.DATA_DIR, 'account.secret'),
    webDist: e.WEB_DIST,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    sudoMs: e.SUDO_MINUTES * 60_000,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO === 'true',
    smsGateway: e.SMS_GATEWAY_URL ? { url: e.SMS_GATEWAY_URL, token: e.SMS_GATEWAY_TOKEN } : undefined,
    webAuthn: { rpId: e.WEBAUTHN_RP_ID ?? new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).hostname, rpName: e.WEBAUTHN_RP_NAME },
  };
}

function developmentKey(dataDir: string, file: string): Buffer {
  const keyPath = path.join(dataDir, file);
  if (existsSync(keyPath)) return Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(keyPath, key.toString('base64') + '\n', { mode: 0o600 });
  return key;
}
