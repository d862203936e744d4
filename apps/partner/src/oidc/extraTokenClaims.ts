import type { AccessToken, ClientCredentials, KoaContextWithOIDC, UnknownObject } from 'oidc-provider';
import type { PartnerDb } from '@recovery/db';

/** Claims the token store API reads from an access token's stored `extra`. */
export interface RecoveryAccessTokenClaims {
  /** When the user last entered their password at the partner (seconds since the epoch). */
  auth_time?: number;
  /** The recovery token the user picked for this authorization (recover scope only). */
  recovery_token_id?: string;
  /** The token was picked in a browser the user signed in from before (see countersignKey). */
  known_browser?: boolean;
}

/**
 * Copies into each access token (i) the authorization code's auth_time, so the recover API can
 * demand a recent sign-in, and (ii) the token the user picked during the interaction, looked
 * up by the grant, so the access token can only ever countersign that one token, and whether it
 * was picked in a browser the user signed in from before.
 */
export function extraTokenClaims(db: PartnerDb): (ctx: KoaContextWithOIDC, token: AccessToken | ClientCredentials) => Promise<UnknownObject | undefined> {
  return async (ctx, token) => {
    if (token.kind !== 'AccessToken') return undefined;
    const claims: RecoveryAccessTokenClaims = {};
    const authTime = ctx.oidc.entities.AuthorizationCode?.authTime;
    if (typeof authTime === 'number') claims.auth_time = authTime;
    const pick = await db.recoveryTokenPick.findUnique({ where: { grantId: token.grantId }, include: { fromKnownBrowser: true } });
    if (pick && pick.userId === token.accountId && pick.clientId === token.clientId) {
      claims.recovery_token_id = pick.tokenId;
      if (pick.fromKnownBrowser) claims.known_browser = true;
    }
    return { ...claims };
  };
}
