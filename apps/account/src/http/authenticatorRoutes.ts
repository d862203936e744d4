import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { AccountContext } from '../context.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { isTwoFactorEnabled } from '../twoFactor/manageTwoFactor.ts';
import { applyAuthenticatorReplacement, checkAuthenticatorReplacement, startAuthenticatorReplacement } from '../twoFactor/replaceAuthenticator.ts';
import { clearTwoFactorLimits } from '../twoFactor/clearTwoFactorLimits.ts';
import { renewSudoIn } from '../auth/renewSudoIn.ts';
import { addRoute } from './addRoute.ts';

/** "Edit" the authenticator app while 2FA stays on (sudo mode: addRoute checks it). */
export function authenticatorRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.startAuthenticatorReplacement, async ({ res }) => {
    const { user } = requireUser(res);
    if (!(await isTwoFactorEnabled(ctx, user.id))) throw new AppError('conflict', 'Two-factor authentication is not enabled');
    res.set('Cache-Control', 'no-store');
    return startAuthenticatorReplacement(ctx, user);
  });

  addRoute(router, ctx, ops.replaceAuthenticator, async ({ body, client, res }) => {
    const { user } = requireUser(res);
    const replacement = checkAuthenticatorReplacement(ctx, user, body.replacementToken, body.code);
    // One unit of work: the new secret, its spent time step, the event and (rule "NIST ceiling": a
    // new authenticator, proven in sudo mode, shows the owner is back, as enrolling does) the
    // lifted 2FA limits, together or not at all.
    await ctx.db.$transaction(async (tx) => {
      await applyAuthenticatorReplacement(ctx, tx, user, replacement, client);
      // Sudo's renewal before the limits: the limiter's rows are locked last (see clearTwoFactorLimits).
      await renewSudoIn(ctx, res, tx);
      await clearTwoFactorLimits(ctx, tx, user.id, 'new_authenticator', client);
    });
    await notifyUser(
      ctx,
      user,
      'Authenticator app replaced',
      `The authenticator app of ${user.displayName} was replaced; the old one no longer works. Your recovery codes, security keys and fallback number are unchanged. If this was not you, reset your password now.`,
    );
  });

  return router;
}
