import { RateLimiter, limitAddress, rateLimitTable } from '@recovery/http';
import type { RateLimitPolicy } from '@recovery/http';
import { sql } from '@recovery/db';
import type { AccountDb, SqlStatement } from '@recovery/db';

const minute = 60_000;
/** "Consecutive" failures: the window never closes by itself, only a success resets it. */
const forever = 100 * 365 * 24 * 60 * minute;

/** Wrong codes allowed in one sign-in attempt before its password step must be done again. */
export const maxFailuresPerPendingSignIn = 5;

/**
 * The 2FA step's limits (rule: DESIGN "2FA attempts"). Per account: 10 consecutive failures lock
 * it for 15 minutes, doubling up to an hour, and after 100 consecutive failures (NIST SP 800-63B's
 * ceiling) it stays locked until the owner signs in from a known browser (or an approved account
 * recovery removes 2FA). Browsers the owner has used before count separately, so an attacker's guessing does
 * not lock the owner out. Per client address: 20 failures per 15 minutes; a success does not
 * reset it.
 */
export const twoFactorAccountPolicy: RateLimitPolicy = {
  maxFailures: 10,
  windowMs: forever,
  lockMs: 15 * minute,
  maxLockMs: 60 * minute,
  maxLocks: 10,
  message: 'Too many failed two-factor attempts for this account',
};

export const twoFactorAddressPolicy: RateLimitPolicy = {
  maxFailures: 20,
  windowMs: 15 * minute,
  lockMs: 15 * minute,
  maxLockMs: 60 * minute,
  message: 'Too many failed two-factor attempts from this address',
};

export function twoFactorLimits(db: AccountDb, now: () => Date): { perAccount: RateLimiter; perAddress: RateLimiter } {
  return {
    perAccount: new RateLimiter(rateLimitTable(db, 'RateLimit'), twoFactorAccountPolicy, now),
    perAddress: new RateLimiter(rateLimitTable(db, 'RateLimit'), twoFactorAddressPolicy, now),
  };
}

export function accountKey(userId: string, knownDevice: boolean): string {
  return knownDevice ? `2fa:user:${userId}:known` : `2fa:user:${userId}`;
}

/**
 * `accountKey` of a pending sign-in's user, as a query the reservation's transaction answers: the
 * reservation goes out with the read of the pending sign-in, before this process knows the user.
 */
export function accountKeyOfPending(idHash: string): SqlStatement {
  return sql`SELECT CASE WHEN p."knownDevice" THEN '2fa:user:' || p."userId" || ':known' ELSE '2fa:user:' || p."userId" END AS "key" FROM "PendingSignIn" p WHERE p."idHash" = ${idHash}`;
}

export function addressKey(ip: string): string {
  return `2fa:ip:${limitAddress(ip)}`;
}
