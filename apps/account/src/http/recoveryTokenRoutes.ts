import { Router } from 'express';
import { recoveryReturnErrorOf } from '@recovery/core/recoveryReturnErrors';
import type { Request, Response } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import { AppError, isAppError } from '@recovery/core/errors';
import { clientInfo, readCookie } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { addRoute } from './addRoute.ts';
import { requireUser, authOf } from '../auth/requestAuth.ts';
import { renewSudoIn } from '../auth/renewSudoIn.ts';
import { loadPendingSignIn } from '../twoFactor/pendingSignIn.ts';
import { callbackPath, exchangeCode, stateCookie, takeFlow } from '../recoveryTokens/oauthFlows.ts';
import type { RecoveryDependencies } from '../recoveryTokens/recoveryDependencies.ts';
import { deleteRecoveryToken, finishSave, startSave } from '../recoveryTokens/saveFlow.ts';
import { listRecoveryTokens } from '../recoveryTokens/listRecoveryTokens.ts';
import { finishRecovery, startRecovery } from '../recoveryTokens/recoverFlow.ts';
import { startDelegatedRecovery } from '../recoveryTokens/delegatedRecover.ts';
import { startDelegatedSave } from '../recoveryTokens/delegatedSave.ts';
import { recordRecoverError } from '../recoveryTokens/recordRecoverError.ts';

/** Binds the OAuth round trip to this browser: the callback's state must match this cookie. */
function rememberState(ctx: AccountContext, res: Response, state: string): void {
  res.cookie(stateCookie, state, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicOrigin.startsWith('https://'),
    path: callbackPath,
    maxAge: 10 * 60_000,
  });
}

export function recoveryTokenRoutes(ctx: AccountContext, deps: RecoveryDependencies): Router {
  const router = Router();

  addRoute(router, ctx, ops.listRecoveryTokens, async ({ res }) => listRecoveryTokens(ctx, deps.fetchPartner, requireUser(res).user.id));

  addRoute(router, ctx, ops.startSaveRecoveryToken, async ({ res }) => {
    if (ctx.config.partner?.protocol === 'dar') return { authorizationUrl: (await startDelegatedSave(ctx, deps, requireUser(res).user, res)).url };
    const { url, state } = await startSave(ctx, deps, requireUser(res).user);
    rememberState(ctx, res, state);
    return { authorizationUrl: url.toString() };
  });

  addRoute(router, ctx, ops.deleteRecoveryToken, async ({ params, client, res }) => {
    await deleteRecoveryToken(ctx, requireUser(res).user, params.id, client, (tx) => renewSudoIn(ctx, res, tx));
  });

  addRoute(router, ctx, ops.startRecovery, async ({ req, res }) => {
    const pending = await loadPendingSignIn(ctx, req);
    if (!pending) throw new AppError('unauthenticated', 'Your sign-in expired; enter your password again');
    if (ctx.config.partner?.protocol === 'dar') return { authorizationUrl: (await startDelegatedRecovery(ctx, deps, pending)).url.toString() };
    const { url, state } = await startRecovery(ctx, deps, pending);
    rememberState(ctx, res, state);
    return { authorizationUrl: url.toString() };
  });

  router.get(callbackPath, async (req: Request, res: Response) => {
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const client = clientInfo(req);
    let purpose: 'save' | 'recover' = 'save';
    try {
      const cookieState = readCookie(req, stateCookie);
      if (!state || state.length > 200 || cookieState !== state) {
        // Not this browser's flow (or forged): leave the cookie, so the real answer still works.
        throw new AppError('csrf_failed', 'This answer from the partner does not belong to this browser; start again');
      }
      res.clearCookie(stateCookie, { path: callbackPath });
      const { flow, secrets } = await takeFlow(ctx, state);
      if (flow.purpose !== 'save' && flow.purpose !== 'recover') throw new AppError('expired', 'This connection attempt expired or was already used; start again');
      purpose = flow.purpose;
      if (typeof req.query.error === 'string') {
        throw new AppError('forbidden', req.query.error === 'access_denied' ? 'You did not allow it at the partner' : 'The partner did not complete the request');
      }
      if (purpose === 'save' && authOf(res).user?.id !== flow.userId) {
        throw new AppError('unauthenticated', 'Sign in again to store a recovery token');
      }
      const callbackUrl = new URL(req.originalUrl, ctx.config.publicOrigin);
      const grant = await exchangeCode(await deps.oauth(), callbackUrl, state, secrets, purpose).catch(async (error: unknown) => {
        if (purpose === 'recover') {
          await recordRecoverError(ctx, flow.userId, client, 'oauth_exchange');
        }
        throw error;
      });
      if (purpose === 'save') {
        await finishSave(ctx, deps, flow, grant, client);
        res.redirect(303, '/settings/security?recovery_token=saved#recovery-tokens');
      } else {
        const { requestId } = await finishRecovery(ctx, deps, flow, grant, client);
        // The request's id is the reference the person can quote to support.
        res.redirect(303, `/recovery/started?reference=${encodeURIComponent(requestId)}`);
      }
    } catch (error) {
      if (!isAppError(error)) ctx.logger.error({ err: error }, 'partner callback failed');
      // Rule: the address carries a code, never text; the page shows our words for it.
      const code = !isAppError(error)
        ? 'failed'
        : error.code === 'forbidden' && typeof req.query.error === 'string'
          ? req.query.error === 'access_denied'
            ? 'denied'
            : 'partner_error'
          : recoveryReturnErrorOf(error.code);
      const target = purpose === 'save' ? '/settings/security' : '/sign-in';
      res.redirect(303, `${target}?recovery_error=${code}${purpose === 'save' ? '#recovery-tokens' : ''}`);
    }
  });

  return router;
}
