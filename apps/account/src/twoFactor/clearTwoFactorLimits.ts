import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { accountKey } from './twoFactorLimits.ts';

/**
 * Forgets the account's 2FA failure counts, both browser kinds, including a lock at the NIST
 * ceiling. Rule: the ceiling lasts until the owner is back, and completing an approved recovery or
 * enrolling or replacing ("Edit") an authenticator, in sudo mode, shows they are; the security log says so.
 */
export async function clearTwoFactorLimits(
  ctx: AccountContext,
  userId: string,
  reason: 'account_recovery' | 'new_authenticator',
  client: ClientInfo,
  actorId: string | null = null,
): Promise<void> {
  await ctx.twoFactorLimits.perAccount.reset(accountKey(userId, false));
  await ctx.twoFactorLimits.perAccount.reset(accountKey(userId, true));
  await recordSecurityEvent(ctx, { userId, action: 'user.two_factor_limits_cleared', client, actorId, data: { reason } });
}
