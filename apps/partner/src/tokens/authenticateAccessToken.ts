import { z } from 'zod';
import type { PartnerContext } from '../context.ts';
import { BearerError } from './BearerError.ts';

/** An access token the token store API accepted: who it is for and what it allows. */
export interface TokenApiGrant {
  /** The partner user id. */
  accountId: string;
  clientId: string;
  grantId: string;
  scopes: Set<string>;
  /** When the user last entered their password (seconds since the epoch), if known. */
  authTime: number | undefined;
  /** The recovery token picked during the authorization (recover grants only). */
  pickedTokenId: string | undefined;
  /** The token was picked in a browser the user signed in from before (see countersignKey). */
  pickedInKnownBrowser: boolean;
}

const bearerHeader = /^Bearer ([A-Za-z0-9_-]{16,256})$/;

const extraClaims = z.object({
  auth_time: z.number().int().nonnegative().optional(),
  recovery_token_id: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  known_browser: z.boolean().optional(),
});

function invalidToken(): BearerError {
  return new BearerError('unauthenticated', 'The access token is missing, invalid or expired', 'invalid_token');
}

/**
 * Checks an `Authorization: Bearer …` header with oidc-provider's own token store: the token
 * must exist and be unexpired, belong to the account-service client and a partner user who
 * still exists, and carry `scope`.
 */
export async function authenticateAccessToken(ctx: PartnerContext, authorization: string | undefined, scope: string): Promise<TokenApiGrant> {
  if (!authorization) throw new BearerError('unauthenticated', 'Send an access token: Authorization: Bearer <token>');
  const value = bearerHeader.exec(authorization)?.[1];
  if (!value) throw invalidToken();
  const token = await ctx.oidc.AccessToken.find(value);
  if (!token || token.isExpired || token.isSenderConstrained()) throw invalidToken();
  if (token.clientId !== ctx.config.accountClient.clientId) throw invalidToken();
  const scopes = new Set((token.scope ?? '').split(' ').filter(Boolean));
  if (!scopes.has(scope)) {
    throw new BearerError('forbidden', `The access token does not allow this: it needs the scope ${scope}`, 'insufficient_scope', `, scope="${scope}"`);
  }
  const user = await ctx.db.partnerUser.findUnique({ where: { id: token.accountId }, select: { id: true } });
  if (!user) throw invalidToken();
  const extra = extraClaims.safeParse(token.extra ?? {});
  return {
    accountId: user.id,
    clientId: token.clientId,
    grantId: token.grantId,
    scopes,
    authTime: extra.success ? extra.data.auth_time : undefined,
    pickedTokenId: extra.success ? extra.data.recovery_token_id : undefined,
    pickedInKnownBrowser: extra.success && extra.data.known_browser === true,
  };
}
