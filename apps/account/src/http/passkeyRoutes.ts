import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { renewSudoIn } from '../auth/renewSudoIn.ts';
import { userView } from '../auth/userView.ts';
import { listPasskeys, passkeyRegistrationOptions, registerPasskey, removePasskey, renamePasskey } from '../passkeys/managePasskeys.ts';
import { passkeySignInOptions } from '../passkeys/passkeySignInOptions.ts';
import { signInWithPasskey } from '../passkeys/signInWithPasskey.ts';
import { passkeyUpgradeOptions, upgradeToPasskey } from '../passkeys/upgradeToPasskey.ts';

export function passkeyRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.listPasskeys, async ({ res }) => ({ passkeys: await listPasskeys(ctx, requireUser(res).user.id) }));

  addRoute(router, ctx, ops.passkeyRegistrationOptions, async ({ res }) => ({ options: await passkeyRegistrationOptions(ctx, requireUser(res).user) }));

  addRoute(router, ctx, ops.registerPasskey, async ({ body, client, res }) => registerPasskey(ctx, requireUser(res).user, body.nickname, body.response, client, (tx) => renewSudoIn(ctx, res, tx)));

  addRoute(router, ctx, ops.renamePasskey, async ({ body, params, res }) => renamePasskey(ctx, requireUser(res).user, params.id, body.nickname));

  addRoute(router, ctx, ops.removePasskey, async ({ params, client, res }) => {
    await removePasskey(ctx, requireUser(res).user, params.id, client, (tx) => renewSudoIn(ctx, res, tx));
  });

  addRoute(router, ctx, ops.passkeyUpgradeOptions, async ({ params, res }) => ({ options: await passkeyUpgradeOptions(ctx, requireUser(res).user, params.id) }));

  addRoute(router, ctx, ops.upgradeToPasskey, async ({ body, params, client, res }) => upgradeToPasskey(ctx, requireUser(res).user, params.id, body.response, client));

  addRoute(router, ctx, ops.passkeySignInOptions, async () => ({ options: await passkeySignInOptions(ctx) }));

  addRoute(router, ctx, ops.signInWithPasskey, async ({ body, client, req, res }) => {
    const { user, csrfToken } = await signInWithPasskey(ctx, req, res, body.response, client);
    // Passkeys are added only while 2FA is on, and go when it goes.
    return { user: userView(user, true), csrfToken };
  });

  return router;
}
