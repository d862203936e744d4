import type { Request, Response } from 'express';
import type { TwoFactorSignInRequest } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { endPendingSignIn, loadPendingSignIn } from './pendingSignIn.ts';
import { consumeRecoveryCode } from './recoveryCodeStore.ts';
import { accountKey, addressKey, maxFailuresPerPendingSignIn } from './twoFactorLimits.ts';
import { verifyTotp } from './totpFactor.ts';
import { verifySecurityKey } from '../securityKeys/verifySecurityKey.ts';
import { consumeSmsCode } from '../fallbackSms/smsCodes.ts';

/** What the two-factor prompt can offer this user. */
export async function secondFactorMethods(ctx: AccountContext, userId: string): Promise<TwoFactorSignInRequest['method'][]> {
  const [keys, fallback] = await Promise.all([
    ctx.db.securityKey.count({ where: { userId } }),
    ctx.db.fallbackSms.count({ where: { userId, confirmedAt: { not: null } } }),
  ]);
  return ['totp', 'recovery_code', ...(keys > 0 ? (['webauthn'] as const) : []), ...(fallback > 0 ? (['sms'] as const) : [])];
}

const failureMessages: Record<TwoFactorSignInRequest['method'], string> = {
  totp: 'Invalid authentication code',
  recovery_code: 'Invalid or already used recovery code',
  webauthn: 'The security key could not be verified',
  sms: 'Invalid or expired code',
};

/**
 * The second step of a sign-in. Limits are checked before the code (so a locked account learns
 * nothing from a guess), failures are counted per sign-in attempt, per account and per address,
 * and after five wrong codes the attempt is void: the password step starts over.
 */
export async function passSecondFactor(ctx: AccountContext, req: Request, res: Response, input: TwoFactorSignInRequest, client: ClientInfo): Promise<User> {
  const pending = await loadPendingSignIn(ctx, req);
  if (!pending) throw new AppError('unauthenticated', 'Your sign-in expired; enter your password again');
  const user = await ctx.db.user.findUnique({ where: { id: pending.userId } });
  if (!user) throw new AppError('unauthenticated', 'Your sign-in expired; enter your password again');
  // Every guess is counted before the code is checked: first against this sign-in attempt (at
  // most five), then per address and per account, so concurrent guesses cannot overshoot.
  const reserved = await ctx.db.pendingSignIn.updateMany({
    where: { idHash: pending.idHash, failures: { lt: maxFailuresPerPendingSignIn } },
    data: { failures: { increment: 1 } },
  });
  if (reserved.count !== 1) {
    await endPendingSignIn(ctx, res, pending.idHash);
    throw new AppError('unauthenticated', 'Too many wrong codes; enter your password again');
  }
  const refundAttempt = () => ctx.db.pendingSignIn.updateMany({ where: { idHash: pending.idHash, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
  let address;
  let account;
  try {
    address = await ctx.twoFactorLimits.perAddress.attempt(addressKey(client.ip));
  } catch (error) {
    await refundAttempt();
    throw error;
  }
  try {
    account = await ctx.twoFactorLimits.perAccount.attempt(accountKey(user.id, pending.knownDevice));
  } catch (error) {
    await address.cancel();
    await refundAttempt();
    throw error;
  }

  let passed: boolean;
  try {
    passed =
      input.method === 'totp'
        ? await verifyTotp(ctx, user.id, input.code, true)
        : input.method === 'recovery_code'
          ? await consumeRecoveryCode(ctx, user.id, input.code)
          : input.method === 'sms'
            ? await consumeSmsCode(ctx, user.id, 'sign_in', input.code)
            : (await verifySecurityKey(ctx, { purpose: 'sign_in', userId: user.id, bindingHash: pending.idHash }, input.response, client)).ok;
  } catch (error) {
    // Nothing was decided: give the reservations back rather than leak them.
    await Promise.allSettled([address.cancel(), account.cancel(), refundAttempt()]);
    throw error;
  }

  if (!passed) {
    await address.failed();
    await account.failed();
    const failures = (await ctx.db.pendingSignIn.findUnique({ where: { idHash: pending.idHash }, select: { failures: true } }))?.failures ?? maxFailuresPerPendingSignIn;
    await recordSecurityEvent(ctx, { userId: user.id, action: 'user.two_factor_challenge_failure', client, data: { method: input.method } });
    if (pending.failures === 0) {
      await notifyUser(
        ctx,
        user,
        'Failed two-factor sign-in attempt',
        `Someone entered your password correctly but failed the two-factor step.\nAddress: ${client.ip}\nBrowser: ${client.userAgent || 'unknown'}\nIf this was not you, change your password now.`,
      );
    }
    if (failures >= maxFailuresPerPendingSignIn) {
      await endPendingSignIn(ctx, res, pending.idHash);
      throw new AppError('unauthenticated', 'Too many wrong codes; enter your password again');
    }
    // The last allowed wrong code is announced before it is used, not discovered after.
    const lastChance = failures === maxFailuresPerPendingSignIn - 1 ? '. One more wrong code and you will have to enter your password again' : '';
    const message = `${failureMessages[input.method]}${lastChance}`;
    throw new AppError('invalid_code', message, { fields: [{ path: input.method === 'webauthn' ? 'response' : 'code', message }] });
  }

  await endPendingSignIn(ctx, res, pending.idHash);
  // Rule: a success resets the account's consecutive-failure count (from a known browser, both
  // counts: the owner is back); the per-address count is never reset by a success.
  await address.succeeded('refund');
  await account.succeeded('reset');
  if (pending.knownDevice) await ctx.twoFactorLimits.perAccount.reset(accountKey(user.id, false));
  await recordSecurityEvent(ctx, { userId: user.id, action: 'user.two_factor_challenge_success', client, data: { method: input.method } });
  if (input.method === 'sms') {
    await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.sign_in_fallback_sms', client });
  }
  if (input.method === 'recovery_code') {
    await recordSecurityEvent(ctx, { userId: user.id, action: 'user.two_factor_recover', client });
    await notifyUser(ctx, user, 'A recovery code was used', `A recovery code was used to sign in to ${user.displayName}. Each code works once; generate new codes if you are running low.`);
  }
  return user;
}
