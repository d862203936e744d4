import { TokenType, formatIssuedTime, newTokenId, signToken, tokenIdToHex } from '@recovery/core/token/index';
import type { AccountContext } from '../context.ts';
import { sealTokenData } from './tokenData.ts';

/** A new token id: 128 random bits, as hex. */
export function newRecoveryTokenId(): string {
  return tokenIdToHex(newTokenId());
}

/**
 * The version-0 recovery token `tokenId` for `userId`, addressed to the partner, issued now and
 * signed with the newest token-signing key.
 */
export function issueRecoveryToken(ctx: Pick<AccountContext, 'config' | 'now'>, userId: string, partnerIssuer: string, tokenId: string): string {
  return signToken(
    {
      version: 0,
      type: TokenType.Recovery,
      tokenId: Buffer.from(tokenId, 'hex'),
      // Draft §3.6.1: status_requested only with a token-status endpoint to receive the
      // callbacks; this service serves none, so it asks for none (and gives away less).
      options: 0,
      issuer: ctx.config.publicOrigin,
      audience: partnerIssuer,
      issuedTime: formatIssuedTime(ctx.now()),
      data: sealTokenData(ctx, tokenId, userId),
      binding: new Uint8Array(0),
    },
    ctx.config.tokenSigningKeys[0]!,
  );
}
