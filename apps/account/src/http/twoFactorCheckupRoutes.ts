import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { checkupView, twoFactorCheckup } from '../checkup/twoFactorCheckup.ts';
import { verifyTwoFactorCheckup } from '../checkup/verifyTwoFactorCheckup.ts';

/** The 2FA check-up: its state for the notice and settings, and "Verify 2FA now". */
export function twoFactorCheckupRoutes(ctx: AccountContext): Router {
  const router = Router();
  addRoute(router, ctx, ops.getTwoFactorCheckup, async ({ res }) => {
    const { user, session } = requireUser(res);
    return checkupView(await twoFactorCheckup(ctx, user.id, session.expiresAt));
  });
  addRoute(router, ctx, ops.verifyTwoFactorCheckup, async ({ res, body, client }) => checkupView(await verifyTwoFactorCheckup(ctx, requireUser(res).user, body.code, client)));
  return router;
}
