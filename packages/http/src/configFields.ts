import { z } from 'zod';
import { ConfigError } from './configError.ts';

const loopbackOrigin = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/** A loopback http origin (http://127.0.0.1:…, http://localhost:…, http://[::1]:…). */
export function isLoopbackOrigin(origin: string): boolean {
  return loopbackOrigin.test(origin);
}

const loopbackHttpsOrigin = /^https:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;

/**
 * A loopback origin over http or https: what a development or test instance may serve at (https
 * behind a local TLS terminator, so that peers that accept only https origins can be tried).
 */
export function isLocalOrigin(origin: string): boolean {
  return loopbackOrigin.test(origin) || loopbackHttpsOrigin.test(origin);
}

/**
 * A public origin in configuration: https, or a loopback http origin outside production (the
 * rule for origins in tokens and configuration). Any path is dropped.
 */
export function originField(nodeEnv: string) {
  return z
    .url()
    .transform((value) => new URL(value).origin)
    .refine((origin) => origin.startsWith('https://') || (nodeEnv !== 'production' && isLoopbackOrigin(origin)), {
      message: 'must be an https:// origin (http://127.0.0.1 or localhost only outside production)',
    });
}

/** A 32-byte key given as base64. */
export const base64KeyField = z
  .string()
  .transform((value) => Buffer.from(value, 'base64'))
  .refine((key) => key.length === 32, { message: 'must be 32 bytes, base64-encoded' });

/**
 * Express's `trust proxy`: true/false, a hop count ("1" behind one load balancer), or addresses
 * and subnet names. A hop count must become a number: as a string Express reads it as an address.
 */
export const trustProxyField = z
  .string()
  .trim()
  .min(1)
  .transform((value): boolean | number | string => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  });

/**
 * A DATABASE_URL the services can use: `file:` (SQLite) or `postgres(ql)://` with a valid port.
 * Checked at start so a typo ends in one clear line rather than a driver's stack trace.
 */
export function checkDatabaseUrl(url: string): void {
  if (url.startsWith('file:')) return;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
  try {
    new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid postgresql:// URL (check the host and port)');
  }
}

/**
 * DATABASE_TIMEOUT_MS: how long a request waits for the database before it is answered 503
 * (and how long readiness waits for a ping); connection attempts and statements get half.
 */
export const databaseTimeoutField = z.coerce.number().int().min(100).max(600_000).default(5_000);

/**
 * SHUTDOWN_TIMEOUT_MS: how long a stopping service lets requests in flight finish before it cuts
 * them and exits 1 (a supervisor should know the drain was not clean).
 */
export const shutdownTimeoutField = z.coerce.number().int().min(0).max(600_000).default(10_000);

/** METRICS_TOKEN: long enough that guessing it is hopeless (openssl rand -hex 32). */
export const metricsTokenField = z.string().trim().min(32, { message: 'must be at least 32 characters (openssl rand -hex 32)' });
