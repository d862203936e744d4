import { RateLimiter } from '@recovery/http';
import type { PartnerDb } from '@recovery/db';

const minute = 60_000;

/**
 * Password guessing: 10 failures in 15 minutes lock an account's password step for 15 minutes,
 * doubling up to an hour; one address gets 50 failures per 15 minutes across all accounts.
 * Counted in PartnerRateLimit, so the limits hold across instances.
 */
export function signInLimits(db: PartnerDb, now: () => Date): { signInPerAccount: RateLimiter; signInPerAddress: RateLimiter } {
  return {
    signInPerAccount: new RateLimiter(
      db.partnerRateLimit,
      { maxFailures: 10, windowMs: 15 * minute, lockMs: 15 * minute, maxLockMs: 60 * minute, message: 'Too many failed sign-in attempts for this account' },
      now,
    ),
    signInPerAddress: new RateLimiter(
      db.partnerRateLimit,
      { maxFailures: 50, windowMs: 15 * minute, lockMs: 15 * minute, maxLockMs: 60 * minute, message: 'Too many failed sign-in attempts from this address' },
      now,
    ),
  };
}
