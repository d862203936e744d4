import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import {
  approveRecoveryRequest,
  cancelOwnRecoveryRequest,
  checkApprovable,
  declineRecoveryRequest,
  findRequest,
  listOwnRecoveryRequests,
  listRecoveryRequests,
  notifyRecoveryApproved,
  notifyRecoveryCancelled,
  notifyRecoveryDeclined,
  reverifyRecoveryRequest,
} from '../accountRecovery/recoveryRequests.ts';
import { recoveryRequestView } from '../accountRecovery/recoveryRequestView.ts';
import { findEvidenceView } from '../accountRecovery/deviceRecoveryRequest.ts';
import { completeDueRecoveries } from '../accountRecovery/removeTwoFactorForRecovery.ts';
import type { RecoveryDependencies } from '../recoveryTokens/recoveryDependencies.ts';
import { verifyCountersignedToken } from '../recoveryTokens/verificationReport.ts';

/** The support console's API (staff with 2FA only) and the owner's view of their own recoveries. */
export function supportRoutes(ctx: AccountContext, deps: RecoveryDependencies): Router {
  const router = Router();

  addRoute(router, ctx, ops.listRecoveryRequests, async ({ query }) => ({ requests: await listRecoveryRequests(ctx, query.status) }));

  addRoute(router, ctx, ops.reverifyRecoveryRequest, async ({ params }) => reverifyRecoveryRequest(ctx, deps.fetchPartner, params.id));

  addRoute(router, ctx, ops.approveRecoveryRequest, async ({ params, client, res }) => {
    const staff = requireUser(res).user;
    const report = await checkApprovable(ctx, deps.fetchPartner, staff, params.id);
    const approved = await ctx.db.$transaction((tx) => approveRecoveryRequest(ctx, tx, staff, params.id, report, client));
    await notifyRecoveryApproved(ctx, approved);
    await completeDueRecoveries(ctx, approved.userId);
    return recoveryRequestView(await findRequest(ctx, params.id), { decidedByUsername: staff.username, evidence: await findEvidenceView(ctx, params.id) });
  });

  addRoute(router, ctx, ops.declineRecoveryRequest, async ({ params, body, client, res }) => {
    const staff = requireUser(res).user;
    const declined = await ctx.db.$transaction((tx) => declineRecoveryRequest(ctx, tx, staff, params.id, body.reason, client));
    await notifyRecoveryDeclined(ctx, declined, body.reason);
    return recoveryRequestView(declined, { decidedByUsername: staff.username, evidence: await findEvidenceView(ctx, params.id) });
  });

  addRoute(router, ctx, ops.verifyAnyToken, async ({ body }) => {
    // Checked against a request: a token of any other account is flagged as such.
    const expected = body.requestId ? { userId: (await findRequest(ctx, body.requestId)).userId } : {};
    return verifyCountersignedToken(ctx, deps.fetchPartner, body.token, expected);
  });

  addRoute(router, ctx, ops.listOwnRecoveryRequests, async ({ res }) => ({ requests: await listOwnRecoveryRequests(ctx, requireUser(res).user.id) }));

  addRoute(router, ctx, ops.cancelOwnRecoveryRequest, async ({ params, client, res }) => {
    const { user } = requireUser(res);
    await ctx.db.$transaction((tx) => cancelOwnRecoveryRequest(ctx, tx, user, params.id, client));
    await notifyRecoveryCancelled(ctx, user);
  });

  return router;
}
