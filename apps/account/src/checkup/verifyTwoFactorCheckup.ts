import { AppError } from '@recovery/core/errors';
import type { User } from '@recovery/db';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { verifyTotp } from '../twoFactor/totpFactor.ts';
import { reserveCheckupAnswerStep } from './reserveCheckupAnswer.ts';
import { twoFactorCheckup } from './twoFactorCheckup.ts';
import type { CheckupStatus } from './twoFactorCheckup.ts';

/**
 * "Verify 2FA now": one authenticator code per check-up period. Rule: the answer is reserved as
 * a failure in its own commit before the code is checked, so a session (perhaps a thief's) gets
 * one guess per period, however many requests it sends at once; a right code then turns it into
 * a pass in the outcome's commit (rule "one unit of work": two commits in all). A failed check-up
 * only offers "Reconfigure 2FA", which needs sudo like every 2FA change.
 */
export async function verifyTwoFactorCheckup(ctx: AccountContext, user: User, code: string, client: ClientInfo): Promise<CheckupStatus> {
  // Answering is allowed while the period runs too: any second factor that works ends it.
  const status = await twoFactorCheckup(ctx, user.id);
  if (status.state === 'none' || status.periodStartedAt === null) throw new AppError('conflict', 'Two-factor authentication is off');
  if (status.state === 'passed') return status;
  if (status.state === 'failed') throw new AppError('conflict', 'The check-up failed; reconfigure two-factor authentication');
  const key = { userId: user.id, periodStartedAt: status.periodStartedAt };
  const now = ctx.now();
  const reserved = await ctx.sql.transaction([reserveCheckupAnswerStep(user.id, status.periodStartedAt, now)]);
  if (!reserved.committed) throw new AppError('conflict', 'The check-up was answered already');
  await ctx.db.$transaction(async (tx) => {
    if (!(await verifyTotp(ctx, user.id, code, true, tx))) {
      await recordSecurityEvent(ctx, { userId: user.id, action: 'user.two_factor_challenge_failure', client, data: { method: 'totp', via: 'checkup' } }, tx);
      return;
    }
    await tx.twoFactorCheckup.updateMany({ where: key, data: { failedAt: null, verifiedAt: now } });
    await recordSecurityEvent(ctx, { userId: user.id, action: 'user.two_factor_challenge_success', client, data: { method: 'totp', via: 'checkup' } }, tx);
  });
  return twoFactorCheckup(ctx, user.id);
}
