import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import {
  disableTwoFactor,
  enableTwoFactor,
  isTwoFactorEnabled,
  notifyRecoveryCodesRegenerated,
  notifyTwoFactorDisabled,
  notifyTwoFactorEnabled,
  regenerateRecoveryCodes,
  startTwoFactorSetup,
  twoFactorStatus,
} from '../twoFactor/manageTwoFactor.ts';
import { listRecoveryCodes } from '../twoFactor/recoveryCodeStore.ts';
import { clearTwoFactorLimits } from '../twoFactor/clearTwoFactorLimits.ts';
import { renewSudoIn } from '../auth/renewSudoIn.ts';

export function twoFactorRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.getTwoFactor, async ({ res }) => twoFactorStatus(ctx, requireUser(res).user.id));

  addRoute(router, ctx, ops.startTwoFactorSetup, async ({ res }) => startTwoFactorSetup(ctx, requireUser(res).user));

  addRoute(router, ctx, ops.enableTwoFactor, async ({ body, client, res }) => {
    const { user, session } = requireUser(res);
    const { retried, ...issued } = await ctx.db.$transaction(async (tx) => {
      const enabled = await enableTwoFactor(ctx, tx, user, body.code, client, session.idHash);
      // A new authenticator shows the owner is back: lift any 2FA lock, in the same commit. A retry
      // repeats the answer only: the limits were lifted the first time.
      // Sudo's renewal before the limits: the limiter's rows are locked last (see clearTwoFactorLimits).
      await renewSudoIn(ctx, res, tx);
      if (!enabled.retried) await clearTwoFactorLimits(ctx, tx, user.id, 'new_authenticator', client);
      return enabled;
    });
    // The email was sent the first time.
    if (retried) return issued;
    await notifyTwoFactorEnabled(ctx, user);
    return issued;
  });

  addRoute(router, ctx, ops.disableTwoFactor, async ({ client, res }) => {
    const { user } = requireUser(res);
    await ctx.db.$transaction(async (tx) => {
      await disableTwoFactor(ctx, tx, user, client);
      await renewSudoIn(ctx, res, tx);
    });
    await notifyTwoFactorDisabled(ctx, user);
  });

  addRoute(router, ctx, ops.showRecoveryCodes, async ({ client, res }) => {
    const { user } = requireUser(res);
    if (!(await isTwoFactorEnabled(ctx, user.id))) throw new AppError('conflict', 'Two-factor authentication is not enabled');
    const { codes, generatedAt } = await listRecoveryCodes(ctx, user.id);
    await recordSecurityEvent(ctx, { userId: user.id, action: 'user.two_factor_recovery_codes_viewed', client });
    return { codes, generatedAt: (generatedAt ?? ctx.now()).toISOString(), username: user.displayName };
  });

  addRoute(router, ctx, ops.regenerateRecoveryCodes, async ({ client, res }) => {
    const { user } = requireUser(res);
    const issued = await ctx.db.$transaction(async (tx) => {
      const codes = await regenerateRecoveryCodes(ctx, tx, user, client);
      await renewSudoIn(ctx, res, tx);
      return codes;
    });
    await notifyRecoveryCodesRegenerated(ctx, user);
    return issued;
  });

  addRoute(router, ctx, ops.recordRecoveryCodesEvent, async ({ body, client, res }) => {
    const { user } = requireUser(res);
    if (!(await isTwoFactorEnabled(ctx, user.id))) throw new AppError('conflict', 'Two-factor authentication is not enabled');
    await recordSecurityEvent(ctx, {
      userId: user.id,
      action: body.action === 'downloaded' ? 'user.two_factor_recovery_codes_downloaded' : 'user.two_factor_recovery_codes_printed',
      client,
    });
  });

  return router;
}
