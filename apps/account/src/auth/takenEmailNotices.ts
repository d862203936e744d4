import { isAppError } from '@recovery/core/errors';
import { RateLimiter, rateLimitTable, sha256Hex } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const day = 24 * 3_600_000;

/** Emails per recipient per day about sign-ups with their address. */
export const takenEmailNoticesPerDay = 3;

/** The counter of taken-email notices per recipient (the sweeper needs its policy too). */
export function takenEmailNoticeLimiter(ctx: Pick<AccountContext, 'db' | 'now'>): RateLimiter {
  return new RateLimiter(rateLimitTable(ctx.db, 'RateLimit'), { maxFailures: takenEmailNoticesPerDay, windowMs: day, lockMs: day, maxLockMs: day, message: 'Enough notices today' }, ctx.now);
}

/**
 * Rule: a stranger who signs up again and again with someone's email must not flood that mailbox
 * (README "Sign-up and email enumeration"): its owner hears of it at most 3 times a day. Counted
 * in the database per recipient (by hash), so the cap holds across instances and addresses.
 */
export async function mayNotifyTakenEmail(ctx: Pick<AccountContext, 'db' | 'now'>, email: string): Promise<boolean> {
  try {
    await takenEmailNoticeLimiter(ctx).recordFailure(`signup-taken:email:${sha256Hex(email)}`);
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'rate_limited') return false;
    throw error;
  }
}
