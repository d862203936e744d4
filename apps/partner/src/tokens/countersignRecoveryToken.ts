import { AppError } from '@recovery/core/errors';
import { countersignToken } from '@recovery/core/token/index';
import type { PartnerContext } from '../context.ts';
import { RECOVER_MAX_AUTH_AGE_MS } from '../interaction/needsSignIn.ts';
import { BearerError } from './BearerError.ts';
import type { TokenApiGrant } from './authenticateAccessToken.ts';
import { countersignKey } from './countersignLimit.ts';

export interface CountersignedToken {
  /** The id of the recovery token inside, 32 lowercase hex digits. */
  tokenId: string;
  /** The countersigned token (type 1), standard base64. */
  countersignedToken: string;
  /** The origin that issued the recovery token inside, which the countersigned token is for. */
  audience: string;
}

/**
 * Countersigns the token the user picked during this authorization, and only that one: signed
 * with the newest countersigning key, issuer = this partner, audience = the token's issuer,
 * data = the stored token, issued now. Needs a password sign-in from the last five minutes and
 * is limited per user.
 */
export async function countersignRecoveryToken(ctx: PartnerContext, grant: TokenApiGrant, requestedTokenId: string | undefined): Promise<CountersignedToken> {
  const now = ctx.now();
  if (grant.authTime === undefined || now.getTime() - grant.authTime * 1000 > RECOVER_MAX_AUTH_AGE_MS) {
    throw new BearerError(
      'unauthenticated',
      'Recovering needs a sign-in at the partner from the last 5 minutes; start again with prompt=login',
      'insufficient_user_authentication',
      ', max_age="300"',
    );
  }
  const tokenId = grant.pickedTokenId;
  if (!tokenId) throw new AppError('forbidden', 'No recovery token was picked when this access was granted');
  if (requestedTokenId !== undefined && requestedTokenId !== tokenId) {
    throw new AppError('forbidden', 'This access token can only countersign the token picked when it was granted');
  }
  return countersignSavedToken(ctx, grant.accountId, tokenId, grant.pickedInKnownBrowser);
}

/**
 * Countersigns one of the user's saved tokens, whichever protocol asked (the OAuth API or the
 * draft's recover-account page): limited per user, only for issuers still accepted, signed with
 * the newest key, issuer = this partner, audience = the token's issuer, data = the stored token.
 */
export async function countersignSavedToken(ctx: PartnerContext, userId: string, tokenId: string, knownBrowser: boolean): Promise<CountersignedToken> {
  const now = ctx.now();
  const limitKey = countersignKey(userId, knownBrowser);
  // Counted before countersigning (one atomic reservation), so concurrent requests cannot overshoot.
  const attempt = await ctx.limits.countersignPerUser.attempt(limitKey);
  const saved = await ctx.db.savedRecoveryToken.findFirst({ where: { id: tokenId, userId } });
  if (!saved || !ctx.config.allowedTokenIssuers.includes(saved.issuer)) {
    await attempt.cancel();
    if (!saved) throw new AppError('not_found', 'The picked recovery token no longer exists');
    throw new AppError('forbidden', 'Tokens from this issuer are no longer accepted here');
  }
  await attempt.failed();
  const [signingKey] = ctx.config.countersignKeys;
  if (!signingKey) throw new AppError('internal', 'No countersigning key is configured');
  const countersignedToken = countersignToken({ innerToken: saved.token, issuer: ctx.config.publicOrigin, audience: saved.issuer, issuedTime: now }, signingKey);
  await ctx.db.savedRecoveryToken.update({ where: { id: saved.id }, data: { lastCountersignedAt: now } });
  ctx.logger.info({ userId, issuer: saved.issuer }, 'recovery token countersigned');
  return { tokenId, countersignedToken, audience: saved.issuer };
}
