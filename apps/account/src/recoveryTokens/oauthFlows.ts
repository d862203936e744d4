import * as oidc from 'openid-client';
import { AppError } from '@recovery/core/errors';
import { decryptSecret, encryptSecret, hmacHex, sha256Hex } from '@recovery/http';
import type { OAuthFlow } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { partnerUnreachable } from './partnerUnreachable.ts';
import { sweepExpiredFlows } from './sweepExpiredFlows.ts';

export type FlowPurpose = 'save' | 'recover';

const lifetimeMs = 10 * 60_000;
export const stateCookie = 'partner_oauth_state';
export const callbackPath = '/api/recovery-tokens/callback';

export const scopes: Record<FlowPurpose, string> = {
  save: 'openid recovery_token.save',
  recover: 'openid recovery_token.recover',
};

interface FlowSecrets {
  codeVerifier: string;
  nonce: string;
}

/**
 * Starts an authorization code flow with PKCE (S256), state and nonce. The flow is kept in the
 * database under the state's hash (any instance can finish it); the verifier and nonce are
 * encrypted. Recovery forces a fresh login at the partner (prompt=login, max_age=0).
 */
export async function startAuthorization(
  ctx: AccountContext,
  configuration: oidc.Configuration,
  flow: { purpose: FlowPurpose; userId: string; tokenId?: string; pendingSignInHash?: string },
): Promise<{ url: URL; state: string }> {
  const state = oidc.randomState();
  const secrets: FlowSecrets = { codeVerifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce() };
  const now = ctx.now();
  await sweepExpiredFlows(ctx);
  await ctx.db.oAuthFlow.create({
    data: {
      stateHash: sha256Hex(state),
      purpose: flow.purpose,
      userId: flow.userId,
      tokenId: flow.tokenId ?? null,
      pendingSignInHash: flow.pendingSignInHash ?? null,
      secretsEnc: encryptSecret(ctx.keys.oauthFlow, JSON.stringify(secrets), `oauth:${sha256Hex(state)}`),
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
    },
  });
  const url = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: `${ctx.config.publicOrigin}${callbackPath}`,
    scope: scopes[flow.purpose],
    response_type: 'code',
    state,
    nonce: secrets.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
    code_challenge_method: 'S256',
    ...(flow.purpose === 'recover' ? { prompt: 'login', max_age: '0' } : {}),
    // Our user, as an opaque handle: the partner binds a remembered "Save as …" to it, so a
    // second person signed in here, in the same browser, is asked again.
    account_user: hmacHex(ctx.keys.oauthFlow, `account-user:${flow.userId}`),
  });
  return { url, state };
}

/** Takes the flow for a callback's state (single use: it is deleted as it is read). */
export async function takeFlow(ctx: AccountContext, state: string): Promise<{ flow: OAuthFlow; secrets: FlowSecrets }> {
  const stateHash = sha256Hex(state);
  const flow = await ctx.db.oAuthFlow.findUnique({ where: { stateHash } });
  const taken = flow ? await ctx.db.oAuthFlow.deleteMany({ where: { stateHash, expiresAt: { gt: ctx.now() } } }) : { count: 0 };
  if (!flow || taken.count !== 1) throw new AppError('expired', 'This connection attempt expired or was already used; start again');
  return { flow, secrets: JSON.parse(decryptSecret(ctx.keys.oauthFlow, flow.secretsEnc, `oauth:${stateHash}`)) as FlowSecrets };
}

/** Whether an error means the partner could not be reached (rather than a refusal). */
export function isUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, message, code } = e as { name?: string; message?: string; code?: string };
    if (name === 'AbortError' || name === 'TimeoutError') return true;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|UND_ERR)/.test(code)) return true;
    if (name === 'TypeError' && message === 'fetch failed') return true;
  }
  return false;
}

/**
 * Exchanges the code: openid-client checks the issuer (RFC 9207 `iss`), the state, the PKCE
 * verifier, and the ID token's issuer, audience, expiry and nonce (and, for recovery, that the
 * login is fresh). The ID token comes straight from the token endpoint over the back channel,
 * so, as OpenID Connect allows, its signature is not re-checked.
 */
export async function exchangeCode(
  configuration: oidc.Configuration,
  callbackUrl: URL,
  state: string,
  secrets: FlowSecrets,
  purpose: FlowPurpose,
): Promise<{ accessToken: string; subject: string }> {
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: secrets.codeVerifier,
      expectedState: state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
      ...(purpose === 'recover' ? { maxAge: 300 } : {}),
    });
  } catch (cause) {
    if (isUnreachable(cause)) throw partnerUnreachable(cause);
    throw new AppError('token_rejected', 'The partner’s answer could not be verified', { cause });
  }
  const claims = tokens.claims();
  if (!claims?.sub) throw new AppError('token_rejected', 'The partner did not identify the account');
  return { accessToken: tokens.access_token, subject: claims.sub };
}
