import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';
import type { PartnerSession } from '../sessions/partnerSessionStore.ts';
import { oidcTtl } from '../oidc/createOidcProvider.ts';
import { RECOVER_SCOPE, SAVE_SCOPE } from '../oidc/scopes.ts';
import type { AuthorizationPurpose } from '../oidc/scopes.ts';
import type { OpenInteraction } from './loadInteraction.ts';
import { isKnownBrowser } from '../auth/knownBrowser.ts';
import { rememberSaveConsent } from './rememberedConsent.ts';
import { syncOidcSession } from './syncOidcSession.ts';

/**
 * Ends the interaction with a new grant for exactly what was confirmed (openid, if asked for,
 * and the one purpose scope) and the partner user as the signed-in account, their password
 * sign-in time as auth_time. Sends the browser back into oidc-provider (303).
 */
async function grantAndFinish(
  ctx: PartnerContext,
  req: Request,
  res: Response,
  open: OpenInteraction,
  user: PartnerUser,
  session: PartnerSession,
  purpose: AuthorizationPurpose,
  afterGrant?: (grantId: string) => Promise<void>,
): Promise<void> {
  if (!session.authTime) throw new AppError('unauthenticated', 'Sign in to continue');
  const grant = new ctx.oidc.Grant({ accountId: user.id, clientId: open.clientId });
  const requested = new Set(open.scope.split(' '));
  grant.addOIDCScope([...(requested.has('openid') ? ['openid'] : []), purpose === 'save' ? SAVE_SCOPE : RECOVER_SCOPE]);
  const grantId = await grant.save();
  if (afterGrant) await afterGrant(grantId);
  await syncOidcSession(ctx.oidc, open.interaction, user.id);
  await ctx.oidc.interactionFinished(
    req,
    res,
    { login: { accountId: user.id, ts: Math.floor(session.authTime.getTime() / 1000), remember: false }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/**
 * "Save as …" was pressed (or was pressed for this client less than ten minutes ago, see
 * rememberedConsent): only a press starts the ten minutes again.
 */
export async function finishSave(
  ctx: PartnerContext,
  req: Request,
  res: Response,
  open: OpenInteraction,
  user: PartnerUser,
  session: PartnerSession,
  how: 'pressed' | 'remembered',
): Promise<void> {
  if (how === 'pressed') await rememberSaveConsent(ctx, user.id, open.clientId, open.accountUser);
  await grantAndFinish(ctx, req, res, open, user, session, 'save');
}

/**
 * A token was picked: it must be the user's own and from an issuer this client may recover
 * for. The pick is bound to the new grant, so the access token issued from it can countersign
 * this token and no other.
 */
export async function finishRecover(
  ctx: PartnerContext,
  req: Request,
  res: Response,
  open: OpenInteraction,
  user: PartnerUser,
  session: PartnerSession,
  tokenId: string,
): Promise<void> {
  const token = await ctx.db.savedRecoveryToken.findFirst({
    where: { id: tokenId, userId: user.id, issuer: { in: ctx.config.allowedTokenIssuers } },
    select: { id: true },
  });
  if (!token) throw new AppError('not_found', 'There is no such recovery token in your account');
  const now = ctx.now();
  const knownBrowser = await isKnownBrowser(ctx, req, user.id);
  await grantAndFinish(ctx, req, res, open, user, session, 'recover', async (grantId) => {
    await ctx.db.recoveryTokenPick.deleteMany({ where: { expiresAt: { lt: now } } });
    await ctx.db.recoveryTokenPick.create({
      data: {
        grantId,
        tokenId: token.id,
        userId: user.id,
        clientId: open.clientId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + oidcTtl.Grant * 1000),
        ...(knownBrowser ? { fromKnownBrowser: { create: {} } } : {}),
      },
    });
  });
}

/** Back to the client with an OAuth error (Cancel, or a request this provider cannot serve). */
export async function finishWithError(ctx: PartnerContext, req: Request, res: Response, error: 'access_denied' | 'invalid_scope', description: string): Promise<void> {
  await ctx.oidc.interactionFinished(req, res, { error, error_description: description }, { mergeWithLastSubmission: false });
}
