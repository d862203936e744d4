import { TokenOptions, TokenType, formatIssuedTime, newTokenId, signToken, tokenIdToHex } from '@recovery/core/token/index';
import type { AccountContext } from '../context.ts';
import { sealTokenData } from './tokenData.ts';

/**
 * A fresh version-0 recovery token for `userId`, addressed to the partner and signed with the
 * newest token-signing key.
 */
export function issueRecoveryToken(ctx: Pick<AccountContext, 'config' | 'now'>, userId: string, partnerIssuer: string): { tokenId: string; token: string } {
  const id = newTokenId();
  const tokenId = tokenIdToHex(id);
  const token = signToken(
    {
      version: 0,
      type: TokenType.Recovery,
      tokenId: id,
      options: TokenOptions.StatusRequested,
      issuer: ctx.config.publicOrigin,
      audience: partnerIssuer,
      issuedTime: formatIssuedTime(ctx.now()),
      data: sealTokenData(ctx, tokenId, userId),
      binding: new Uint8Array(0),
    },
    ctx.config.tokenSigningKeys[0]!,
  );
  return { tokenId, token };
}
