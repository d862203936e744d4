import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { clearTwoFactorLimits } from '../twoFactor/clearTwoFactorLimits.ts';
import { removeSecondFactors } from '../twoFactor/manageTwoFactor.ts';

const system = { ip: 'system', userAgent: 'account recovery' };

/**
 * Finishes approved recoveries whose waiting period is over: every second factor of the account
 * is removed. Each completion is one transaction (status approved → completed by a conditional
 * update, the factors gone, the 2FA limits lifted, the events), so with several instances
 * sweeping at once each request completes exactly once, and a crash leaves it either approved or
 * completed, never half-removed.
 * The email goes after the commit.
 */
export async function completeDueRecoveries(ctx: AccountContext, userId?: string): Promise<number> {
  const due = await ctx.db.recoveryRequest.findMany({
    where: { status: 'approved', completesAt: { lte: ctx.now() }, ...(userId ? { userId } : {}) },
    include: { user: true },
  });
  let completed = 0;
  for (const request of due) {
    const won = await ctx.db.$transaction(async (tx) => {
      const claimed = await tx.recoveryRequest.updateMany({ where: { id: request.id, status: 'approved' }, data: { status: 'completed', completedAt: ctx.now() } });
      if (claimed.count !== 1) return false;
      await removeSecondFactors(tx, request.userId);
      const event = { userId: request.userId, client: system, actorId: request.decidedBy, data: { request: request.id } };
      await recordSecurityEvent(ctx, { ...event, action: 'two_factor_account_recovery.two_factor_destroy' }, tx);
      await recordSecurityEvent(ctx, { ...event, action: 'two_factor_account_recovery.complete' }, tx);
      await clearTwoFactorLimits(ctx, tx, request.userId, 'account_recovery', system, request.decidedBy);
      return true;
    });
    if (!won) continue;
    await notifyUser(
      ctx,
      request.user,
      'Account recovery complete',
      `Two-factor authentication was removed from ${request.user.displayName} after account recovery. You can now sign in with your password alone; turn two-factor authentication on again right away.`,
    );
    completed++;
  }
  return completed;
}
