import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import {
  confirmFallbackSms,
  fallbackNumberOf,
  fallbackSmsView,
  getFallbackSms,
  notifyFallbackSmsConfirmed,
  notifyFallbackSmsRemoved,
  removeFallbackSms,
  resendFallbackSmsCode,
  startFallbackSms,
} from '../fallbackSms/manageFallbackSms.ts';
import { resendWaitMs, sendSmsCode } from '../fallbackSms/smsCodes.ts';
import { loadPendingSignIn } from '../twoFactor/pendingSignIn.ts';
import { maskPhoneNumber } from '@recovery/core/smsCountries';

export function fallbackSmsRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.getFallbackSms, async ({ res }) => getFallbackSms(ctx, requireUser(res).user.id));

  addRoute(router, ctx, ops.setFallbackSms, async ({ body, res }) => startFallbackSms(ctx, requireUser(res).user, body.country, body.phoneNumber));

  addRoute(router, ctx, ops.resendFallbackSms, async ({ res }) => resendFallbackSmsCode(ctx, requireUser(res).user));

  addRoute(router, ctx, ops.confirmFallbackSms, async ({ body, client, res }) => {
    const { user } = requireUser(res);
    const confirmed = await ctx.db.$transaction((tx) => confirmFallbackSms(ctx, tx, user, body.code, client));
    await notifyFallbackSmsConfirmed(ctx, user, confirmed);
    return fallbackSmsView(confirmed);
  });

  addRoute(router, ctx, ops.removeFallbackSms, async ({ client, res }) => {
    const { user } = requireUser(res);
    await ctx.db.$transaction((tx) => removeFallbackSms(ctx, tx, user, client));
    await notifyFallbackSmsRemoved(ctx, user);
  });

  addRoute(router, ctx, ops.sendSignInSms, async ({ req }) => {
    const pending = await loadPendingSignIn(ctx, req);
    if (!pending) throw new AppError('unauthenticated', 'Your sign-in expired; enter your password again');
    const number = await fallbackNumberOf(ctx, pending.userId);
    if (!number) throw new AppError('conflict', 'This account has no fallback number');
    await sendSmsCode(ctx, pending.userId, 'sign_in', number, pending.knownDevice);
    return { sentTo: maskPhoneNumber(number), retryAfterSeconds: resendWaitMs / 1000 };
  });

  return router;
}
