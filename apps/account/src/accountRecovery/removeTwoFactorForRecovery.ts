import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { clearTwoFactorLimits } from '../twoFactor/clearTwoFactorLimits.ts';

const system = { ip: 'system', userAgent: 'account recovery' };

/**
 * Finishes approved recoveries whose waiting period is over: every second factor of the account
 * is removed. The status moves approved → completed in one conditional update first, so with
 * several instances sweeping at once each request completes exactly once.
 */
export async function completeDueRecoveries(ctx: AccountContext, userId?: string): Promise<number> {
  const due = await ctx.db.recoveryRequest.findMany({
    where: { status: 'approved', completesAt: { lte: ctx.now() }, ...(userId ? { userId } : {}) },
    include: { user: true },
  });
  let completed = 0;
  for (const request of due) {
    const won = await ctx.db.recoveryRequest.updateMany({ where: { id: request.id, status: 'approved' }, data: { status: 'completed', completedAt: ctx.now() } });
    if (won.count !== 1) continue;
    const userId = request.userId;
    await ctx.db.$transaction([
      ctx.db.recoveryCode.deleteMany({ where: { userId } }),
      ctx.db.twoFactor.deleteMany({ where: { userId } }),
      ctx.db.securityKey.deleteMany({ where: { userId } }),
      ctx.db.fallbackSms.deleteMany({ where: { userId } }),
      ctx.db.pendingSignIn.deleteMany({ where: { userId } }),
    ]);
    await recordSecurityEvent(ctx, { userId, action: 'two_factor_account_recovery.two_factor_destroy', client: system, actorId: request.decidedBy, data: { request: request.id } });
    await clearTwoFactorLimits(ctx, userId, 'account_recovery', system, request.decidedBy);
    await recordSecurityEvent(ctx, { userId, action: 'two_factor_account_recovery.complete', client: system, actorId: request.decidedBy, data: { request: request.id } });
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
