import { RateLimiter, rateLimitTable } from '@recovery/http';
import type { PartnerDb } from '@recovery/db';

const hour = 3_600_000;

/** Countersigned tokens per user: 10 an hour, then none for an hour (doubling up to a day). */
export const COUNTERSIGNS_PER_HOUR = 10;

export function countersignLimit(db: PartnerDb, now: () => Date): RateLimiter {
  return new RateLimiter(
    rateLimitTable(db, 'PartnerRateLimit'),
    { maxFailures: COUNTERSIGNS_PER_HOUR, windowMs: hour, lockMs: hour, maxLockMs: 24 * hour, message: 'Too many recovery requests for this account' },
    now,
  );
}
