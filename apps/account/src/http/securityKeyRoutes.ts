import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { renewSudoIn } from '../auth/renewSudoIn.ts';
import { listSecurityKeys, removeSecurityKey, renameSecurityKey } from '../securityKeys/manageSecurityKeys.ts';
import { registerSecurityKey, securityKeyRegistrationOptions } from '../securityKeys/registerSecurityKey.ts';
import { securityKeyRequestOptions } from '../securityKeys/securityKeyRequestOptions.ts';
import { loadPendingSignIn } from '../twoFactor/pendingSignIn.ts';

export function securityKeyRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.listSecurityKeys, async ({ res }) => ({ keys: await listSecurityKeys(ctx, requireUser(res).user.id) }));

  addRoute(router, ctx, ops.securityKeyRegistrationOptions, async ({ res }) => ({
    options: await securityKeyRegistrationOptions(ctx, requireUser(res).user),
  }));

  addRoute(router, ctx, ops.registerSecurityKey, async ({ body, client, res }) => registerSecurityKey(ctx, requireUser(res).user, body.nickname, body.response, client, (tx) => renewSudoIn(ctx, res, tx)));

  addRoute(router, ctx, ops.renameSecurityKey, async ({ body, params, res }) => renameSecurityKey(ctx, requireUser(res).user, params.id, body.nickname));

  addRoute(router, ctx, ops.removeSecurityKey, async ({ params, client, res }) => {
    await removeSecurityKey(ctx, requireUser(res).user, params.id, client, (tx) => renewSudoIn(ctx, res, tx));
  });

  addRoute(router, ctx, ops.signInSecurityKeyOptions, async ({ req }) => {
    const pending = await loadPendingSignIn(ctx, req);
    if (!pending) throw new AppError('unauthenticated', 'Your sign-in expired; enter your password again');
    if ((await ctx.db.securityKey.count({ where: { userId: pending.userId } })) === 0) {
      throw new AppError('conflict', 'No security key is registered for this account');
    }
    return { options: await securityKeyRequestOptions(ctx, { purpose: 'sign_in', userId: pending.userId, bindingHash: pending.idHash }) };
  });

  addRoute(router, ctx, ops.sudoSecurityKeyOptions, async ({ res }) => {
    const { user } = requireUser(res);
    if ((await ctx.db.securityKey.count({ where: { userId: user.id } })) === 0) {
      throw new AppError('conflict', 'No security key is registered for this account');
    }
    return { options: await securityKeyRequestOptions(ctx, { purpose: 'sudo', userId: user.id }) };
  });

  return router;
}
