import { AppError } from '@recovery/core/errors';
import { MAX_TOKEN_BYTES, TokenType, decodeToken, parseIssuedTime, tokenIdToHex, verifyTokenSignature } from '@recovery/core/token/index';
import type { DecodedToken } from '@recovery/core/token/index';
import type { PartnerContext } from '../context.ts';
import { isUniqueViolation } from '../auth/uniqueViolation.ts';
import { base64DecodedSize } from './tokenSizes.ts';

/** A recovery token must reach the partner within five minutes of being signed. */
export const MAX_TOKEN_AGE_MS = 5 * 60_000;
/** How far in the future an issued_time may be (the two services' clocks differ a little). */
export const MAX_CLOCK_SKEW_MS = 60_000;

export interface SavedToken {
  /** The token id, 32 lowercase hex digits. */
  id: string;
}

/** Structure, size, type, issuer allow-list, audience, binding and age: everything checkable offline. */
export function checkRecoveryToken(ctx: PartnerContext, token: string): DecodedToken {
  if (base64DecodedSize(token) > ctx.config.tokenMaxSize) {
    throw new AppError('payload_too_large', `The token is larger than this partner's token-max-size of ${ctx.config.tokenMaxSize} bytes`);
  }
  const decoded = decodeToken(token, { maxBytes: MAX_TOKEN_BYTES });
  if (decoded.raw.length > ctx.config.tokenMaxSize) {
    throw new AppError('payload_too_large', `The token is larger than this partner's token-max-size of ${ctx.config.tokenMaxSize} bytes`);
  }
  if (decoded.type !== TokenType.Recovery) throw new AppError('token_rejected', 'Only a recovery token (type 0) can be saved');
  if (!ctx.config.allowedTokenIssuers.includes(decoded.issuer)) {
    throw new AppError('token_rejected', 'Tokens from this issuer are not accepted here');
  }
  if (decoded.audience !== ctx.config.publicOrigin) throw new AppError('token_rejected', `The token's audience is not ${ctx.config.publicOrigin}`);
  // Draft §3.1.1 step 10: a binding present must be acceptable. This partner hands out only the
  // empty binding (get-binding answers ""), so any other binding is unsolicited and refused.
  if (decoded.binding.length > 0) throw new AppError('token_rejected', 'The token carries a token binding this partner never issued');
  const issuedAt = parseIssuedTime(decoded.issuedTime).getTime();
  const now = ctx.now().getTime();
  if (issuedAt > now + MAX_CLOCK_SKEW_MS) throw new AppError('token_rejected', 'The token was issued in the future');
  if (now - issuedAt > MAX_TOKEN_AGE_MS) throw new AppError('token_rejected', 'The token was issued more than 5 minutes ago');
  return decoded;
}

/**
 * Saves a recovery token for a partner user (the access token's, or the one who confirmed on the
 * draft's save-token page): the offline checks, then the
 * issuer's signature against the keys its configuration publishes now. A token id is stored
 * once, whoever saved it (409 the second time). `obsoletes` names tokens the new one replaces.
 */
export async function saveRecoveryToken(ctx: PartnerContext, userId: string, token: string, keep?: string[], obsoletes: string[] = []): Promise<SavedToken> {
  const decoded = checkRecoveryToken(ctx, token);
  const issuer = await ctx.issuerConfigurations.get(decoded.issuer);
  verifyTokenSignature(decoded, issuer.tokenSignKeys);
  const id = tokenIdToHex(decoded.tokenId);
  const taken = () => new AppError('conflict', 'This token has already been saved');
  if (await ctx.db.savedRecoveryToken.findUnique({ where: { id }, select: { id: true } })) throw taken();
  try {
    await ctx.db.savedRecoveryToken.create({
      data: {
        id,
        userId,
        issuer: decoded.issuer,
        token: Buffer.from(decoded.raw).toString('base64'),
        tokenSize: decoded.raw.length,
        savedAt: ctx.now(),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
  ctx.logger.info({ userId, issuer: decoded.issuer }, 'recovery token saved');
  const replaced = obsoletes.filter((old) => old !== id);
  if (replaced.length > 0) {
    // Draft §3.1: the named tokens go once the new one is saved, and only the same user's
    // tokens from the same issuer (an issuer cannot remove another's tokens).
    const { count } = await ctx.db.savedRecoveryToken.deleteMany({ where: { id: { in: replaced }, userId, issuer: decoded.issuer } });
    if (count > 0) ctx.logger.info({ userId, issuer: decoded.issuer }, 'obsoleted recovery token removed');
  }
  if (keep) await removeOrphans(ctx, userId, decoded.issuer, [...keep, id]);
  return { id };
}

/** A save still in flight (signed, sent, not yet recorded by its issuer) is younger than this. */
export const ORPHAN_AGE_MS = 10 * 60_000;

/**
 * Rule: a token its issuer no longer counts as live is inert; it goes at the issuer's next save
 * for this user. Only the issuer's own tokens, and only ones older than any save in flight.
 */
async function removeOrphans(ctx: PartnerContext, userId: string, issuer: string, live: string[]): Promise<void> {
  const { count } = await ctx.db.savedRecoveryToken.deleteMany({
    where: { userId, issuer, id: { notIn: live }, savedAt: { lt: new Date(ctx.now().getTime() - ORPHAN_AGE_MS) } },
  });
  if (count > 0) ctx.logger.info({ userId, issuer, count }, 'orphaned recovery tokens removed');
}
