import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import {
  approveRecoveryRequest,
  cancelOwnRecoveryRequest,
  declineRecoveryRequest,
  listOwnRecoveryRequests,
  listRecoveryRequests,
  reverifyRecoveryRequest,
} from '../accountRecovery/recoveryRequests.ts';
import type { RecoveryDependencies } from '../recoveryTokens/recoveryDependencies.ts';
import { verifyCountersignedToken } from '../recoveryTokens/verificationReport.ts';

/** The support console's API (staff with 2FA only) and the owner's view of their own recoveries. */
export function supportRoutes(ctx: AccountContext, deps: RecoveryDependencies): Router {
  const router = Router();

  addRoute(router, ctx, ops.listRecoveryRequests, async ({ query }) => ({ requests: await listRecoveryRequests(ctx, query.status) }));

  addRoute(router, ctx, ops.reverifyRecoveryRequest, async ({ params }) => reverifyRecoveryRequest(ctx, deps.fetchPartner, params.id));

  addRoute(router, ctx, ops.approveRecoveryRequest, async ({ params, client, res }) => approveRecoveryRequest(ctx, deps.fetchPartner, requireUser(res).user, params.id, client));

  addRoute(router, ctx, ops.declineRecoveryRequest, async ({ params, body, client, res }) => declineRecoveryRequest(ctx, requireUser(res).user, params.id, body.reason, client));

  addRoute(router, ctx, ops.verifyAnyToken, async ({ body }) => verifyCountersignedToken(ctx, deps.fetchPartner, body.token));

  addRoute(router, ctx, ops.listOwnRecoveryRequests, async ({ res }) => ({ requests: await listOwnRecoveryRequests(ctx, requireUser(res).user.id) }));

  addRoute(router, ctx, ops.cancelOwnRecoveryRequest, async ({ params, client, res }) => {
    await cancelOwnRecoveryRequest(ctx, requireUser(res).user, params.id, client);
  });

  return router;
}
