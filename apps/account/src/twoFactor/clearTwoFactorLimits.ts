import type { ClientInfo } from '@recovery/http';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { resetLimitsIn } from '../auth/resetLimitsIn.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { accountKey } from './twoFactorLimits.ts';

/**
 * Forgets the account's 2FA failure counts, both browser kinds, including a lock at the NIST
 * ceiling. Rule: the ceiling lasts until the owner is back, and completing an approved recovery or
 * enrolling or replacing ("Edit") an authenticator, in sudo mode, shows they are; the security log
 * says so. In the caller's transaction (rule "one unit of work"): the lock is lifted with the
 * change that lifts it, and logged with it, or neither. Attempts in flight keep counting.
 */
export async function clearTwoFactorLimits(
  ctx: AccountContext,
  tx: AccountTx,
  userId: string,
  reason: 'account_recovery' | 'new_authenticator',
  client: ClientInfo,
  actorId: string | null = null,
): Promise<void> {
  await recordSecurityEvent(ctx, { userId, action: 'user.two_factor_limits_cleared', client, actorId, data: { reason } }, tx);
  // Last: the limiter's rows are the contended ones, locked for the least time.
  await resetLimitsIn(tx, [accountKey(userId, false), accountKey(userId, true)]);
}
