import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { applyPasswordChange, checkPasswordChange } from '../auth/changePassword.ts';
import { renewSudoIn } from '../auth/renewSudoIn.ts';
import { isPasswordResetLinkValid } from '../auth/checkPasswordReset.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { addRoute } from './addRoute.ts';

/** "Change password" in the settings (sudo mode: addRoute checks it), and checking a reset link. */
export function passwordRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.changePassword, async ({ body, client, req, res }) => {
    const { user, session } = requireUser(res);
    const passwordHash = await checkPasswordChange(ctx, req, res, user, session, body, client);
    // One unit of work: the new hash, the ended sessions, the event and sudo's renewal commit
    // together or not at all.
    await ctx.db.$transaction(async (tx) => {
      await applyPasswordChange(ctx, tx, { user, passwordHash, keepSessionIdHash: session.idHash, client });
      await renewSudoIn(ctx, res, tx);
    });
    await notifyUser(
      ctx,
      user,
      'Your password was changed',
      `The password of ${user.displayName} was changed and every other session was signed out. If this was not you, reset your password and contact support.`,
    );
  });

  addRoute(router, ctx, ops.checkPasswordReset, async ({ body }) => ({ status: (await isPasswordResetLinkValid(ctx, body.token)) ? ('valid' as const) : ('expired' as const) }));

  return router;
}
