import { RateLimiter, limitAddress, rateLimitTable } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const hour = 3_600_000;
/** Countersigned tokens one address may post to recover-account-return in an hour. */
export const TICKETS_PER_ADDRESS_PER_HOUR = 30;

/** The counter of posts to recover-account-return per client address (the sweeper needs its policy too). */
export function recoveryTicketLimiter(ctx: Pick<AccountContext, 'db' | 'now'>): RateLimiter {
  return new RateLimiter(
    rateLimitTable(ctx.db, 'RateLimit'),
    { maxFailures: TICKETS_PER_ADDRESS_PER_HOUR, windowMs: hour, lockMs: hour, maxLockMs: 4 * hour, message: 'Too many recovery attempts from this address' },
    ctx.now,
  );
}

/**
 * Rule: recover-account-return is open to cross-site POSTs without cookies, so every post counts
 * against its client address, whatever its outcome (30 an hour, then an hour's lock).
 */
export async function countRecoveryTicket(ctx: Pick<AccountContext, 'db' | 'now'>, ip: string): Promise<void> {
  await recoveryTicketLimiter(ctx).recordFailure(`dar-ticket:ip:${limitAddress(ip)}`);
}
