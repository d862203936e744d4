import type { AccountTx } from '@recovery/db';

/**
 * Forgets the failures and locks of `keys` in the caller's transaction (as RateLimiter.reset
 * does on its own connection), so a lifted lock commits with the change that lifts it. Attempts
 * in flight keep counting.
 */
export async function resetLimitsIn(tx: AccountTx, keys: readonly string[]): Promise<void> {
  await tx.rateLimit.updateMany({ where: { key: { in: [...keys] } }, data: { count: 0, lockedUntil: null, lockCount: 0 } });
}
