import { RateLimiter, limitAddress } from '@recovery/http';
import type { RateLimitPolicy, RateLimitTable } from '@recovery/http';

const minute = 60_000;

/** Wrong passwords or codes one session may send to "Confirm access" before it is signed out. */
export const maxSudoFailuresPerSession = 5;

/**
 * "Confirm access" has limits of its own (rule: a stolen session must not lock the owner out).
 * Its failures never count toward the sign-in limits, so whoever holds a session cookie cannot
 * lock the owner's sign-in, and none of these locks is permanent. Per session: 5 failures and the
 * session is signed out (a new one needs the password and the second factor). Per account: 10
 * failures in 15 minutes lock sudo for 15 minutes, doubling up to an hour. Per address: 20 failures
 * per 15 minutes.
 */
const sessionPolicy: RateLimitPolicy = {
  maxFailures: maxSudoFailuresPerSession,
  windowMs: 24 * 60 * minute,
  lockMs: 24 * 60 * minute,
  maxLockMs: 24 * 60 * minute,
  message: 'Too many failed attempts to confirm access',
};

const accountPolicy: RateLimitPolicy = {
  maxFailures: 10,
  windowMs: 15 * minute,
  lockMs: 15 * minute,
  maxLockMs: 60 * minute,
  message: 'Too many failed attempts to confirm access for this account',
};

const addressPolicy: RateLimitPolicy = {
  maxFailures: 20,
  windowMs: 15 * minute,
  lockMs: 15 * minute,
  maxLockMs: 60 * minute,
  message: 'Too many failed attempts to confirm access from this address',
};

export interface SudoLimits {
  perSession: RateLimiter;
  perAccount: RateLimiter;
  perAddress: RateLimiter;
}

export function sudoLimits(table: RateLimitTable, now: () => Date): SudoLimits {
  return {
    perSession: new RateLimiter(table, sessionPolicy, now),
    perAccount: new RateLimiter(table, accountPolicy, now),
    perAddress: new RateLimiter(table, addressPolicy, now),
  };
}

export const sudoKeys = {
  session: (sessionIdHash: string) => `sudo:session:${sessionIdHash}`,
  /** Browsers the owner signed in from before count apart, so a stolen session elsewhere cannot lock theirs. */
  account: (userId: string, knownDevice = false) => (knownDevice ? `sudo:user:${userId}:known` : `sudo:user:${userId}`),
  address: (ip: string) => `sudo:ip:${limitAddress(ip)}`,
};
