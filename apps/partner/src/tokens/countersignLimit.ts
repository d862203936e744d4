import { RateLimiter, rateLimitTable } from '@recovery/http';
import type { PartnerDb } from '@recovery/db';

const hour = 3_600_000;

/** Countersigned tokens per user: 10 an hour, then none for an hour (doubling up to a day). */
export const COUNTERSIGNS_PER_HOUR = 10;

/**
 * The countersigning counter of a partner user. Countersigning picked in a browser the user signed
 * in from before counts apart (rule: what another party can cause must not block the owner's
 * known browser): whoever else learns the partner password can use up the hour's countersigning
 * elsewhere, and its locks double up to a day, but not the owner's.
 */
export function countersignKey(userId: string, knownBrowser: boolean): string {
  return knownBrowser ? `countersign:user:${userId}:known` : `countersign:user:${userId}`;
}

export function countersignLimit(db: PartnerDb, now: () => Date): RateLimiter {
  return new RateLimiter(
    rateLimitTable(db, 'PartnerRateLimit'),
    { maxFailures: COUNTERSIGNS_PER_HOUR, windowMs: hour, lockMs: hour, maxLockMs: 24 * hour, message: 'Too many recovery requests for this account' },
    now,
  );
}
