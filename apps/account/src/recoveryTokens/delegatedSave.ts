import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import { encryptSecret, randomToken, sha256Hex } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { sweepExpiredFlows } from './sweepExpiredFlows.ts';
import { SEND_TOKEN_PATH } from './delegatedPaths.ts';
import { issueRecoveryToken, newRecoveryTokenId } from './issueRecoveryToken.ts';
import { takeFlow } from './oauthFlows.ts';
import type { RecoveryDependencies } from './recoveryDependencies.ts';
import { recordConfirmedToken } from './saveFlow.ts';
import { clearStateCookie, setStateCookie, stateFromCookie } from './stateCookie.ts';

const lifetimeMs = 10 * 60_000;
export const DELEGATED_SAVE = 'dar-save';

async function partnerSaveToken(ctx: AccountContext, deps: RecoveryDependencies): Promise<string> {
  const partner = ctx.config.partner;
  if (!partner) throw new AppError('not_found', 'No recovery partner is configured');
  const configuration = await deps.fetchPartner(partner.url);
  if (!configuration.saveToken) throw new AppError('unavailable', 'The recovery partner does not publish a save-token endpoint');
  return configuration.saveToken;
}

/**
 * "Connect with <partner>" over the draft's browser protocol: checks the partner's configuration
 * now, keeps the flow (user, token id) under the state's hash, binds the state to this browser
 * with a signed cookie, and sends the browser to our page that posts the token.
 */
export async function startDelegatedSave(ctx: AccountContext, deps: RecoveryDependencies, user: User, res: Response): Promise<{ url: string }> {
  await partnerSaveToken(ctx, deps);
  const state = randomToken(32);
  const stateHash = sha256Hex(state);
  const now = ctx.now();
  await sweepExpiredFlows(ctx);
  await ctx.db.oAuthFlow.create({
    data: {
      stateHash,
      purpose: DELEGATED_SAVE,
      userId: user.id,
      tokenId: newRecoveryTokenId(),
      secretsEnc: encryptSecret(ctx.keys.oauthFlow, '{}', `oauth:${stateHash}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
    },
  });
  setStateCookie(ctx, res, state);
  return { url: `${ctx.config.publicOrigin}${SEND_TOKEN_PATH}` };
}

/** How many dead tokens one save names in `obsoletes` (the newest first). */
const MAX_OBSOLETES = 10;

/**
 * What the send page posts to the partner's `save-token`: a token signed now (the partner
 * accepts tokens at most five minutes old) and the state, for this browser's own flow only, and
 * in `obsoletes` this account's tokens at this partner that can never recover again (deleted or
 * used), so the partner drops its copies at this save, as the email and the UI promise.
 */
export async function tokenToSend(ctx: AccountContext, deps: RecoveryDependencies, req: Request, user: User): Promise<{ action: string; token: string; state: string; obsoletes: string[] }> {
  const state = stateFromCookie(ctx, req);
  const flow = state ? await ctx.db.oAuthFlow.findUnique({ where: { stateHash: sha256Hex(state) } }) : null;
  if (!state || !flow || flow.purpose !== DELEGATED_SAVE || flow.expiresAt <= ctx.now() || !flow.tokenId) {
    throw new AppError('expired', 'This attempt to store a recovery token expired; start again');
  }
  if (flow.userId !== user.id) throw new AppError('unauthenticated', 'Sign in again to store a recovery token');
  const action = await partnerSaveToken(ctx, deps);
  const partner = ctx.config.partner!.url;
  const dead = await ctx.db.recoveryToken.findMany({
    where: { userId: user.id, partner, state: { in: ['deleted', 'recovered'] } },
    orderBy: { createdAt: 'desc' },
    take: MAX_OBSOLETES,
    select: { id: true },
  });
  return { action, token: issueRecoveryToken(ctx, user.id, partner, flow.tokenId), state, obsoletes: dead.map((token) => token.id) };
}

/**
 * `save-token-return`: honoured only in the browser that started the save (its signed cookie
 * holds the same state), for the user signed in there, once. Only `save-success` records the
 * token as confirmed.
 */
export async function finishDelegatedSave(
  ctx: AccountContext,
  req: Request,
  res: Response,
  user: User | undefined,
  answer: { status: unknown; state: unknown },
  client: ClientInfo,
): Promise<void> {
  const state = typeof answer.state === 'string' ? answer.state : '';
  if (!state || state.length > 200 || stateFromCookie(ctx, req) !== state) {
    // Not this browser's save (or forged): leave the cookie, so the real answer still works.
    throw new AppError('csrf_failed', 'This answer from the partner does not belong to this browser; start again');
  }
  clearStateCookie(res);
  const { flow } = await takeFlow(ctx, state);
  if (flow.purpose !== DELEGATED_SAVE || !flow.tokenId) throw new AppError('expired', 'This attempt to store a recovery token expired; start again');
  if (!user || user.id !== flow.userId) throw new AppError('unauthenticated', 'Sign in again to store a recovery token');
  if (answer.status !== 'save-success') throw new AppError('token_rejected', 'The recovery partner did not save the token');
  await recordConfirmedToken(ctx, user, flow.tokenId, null, client);
}
