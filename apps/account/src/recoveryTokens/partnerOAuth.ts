import * as oidc from 'openid-client';
import { AppError } from '@recovery/core/errors';
import { isLoopbackOrigin } from '@recovery/http';
import type { AccountConfig } from '../config.ts';
import { partnerUnreachable } from './partnerUnreachable.ts';

export type PartnerOAuthConfiguration = () => Promise<oidc.Configuration>;

/**
 * Discovery is cached, so before sending a user to the partner make sure it answers now: a user
 * should hear "try again later" here, not find a dead page at the partner.
 */
export async function assertPartnerReachable(partnerUrl: string, timeoutMs = 2_000): Promise<void> {
  try {
    const res = await fetch(`${partnerUrl}/.well-known/openid-configuration`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    if (res.status === 200) return;
  } catch {
    // fall through to the refusal
  }
  throw partnerUnreachable();
}

const cacheMs = 5 * 60_000;

/**
 * The partner's OpenID Connect configuration (discovery, issuer checked by openid-client), for
 * this service as a confidential client. Plain http is allowed only for a loopback partner
 * outside production. Discovery results are public metadata, cached for five minutes.
 */
export function partnerOAuthConfiguration(config: AccountConfig): PartnerOAuthConfiguration {
  let cached: { at: number; value: Promise<oidc.Configuration> } | undefined;
  return () => {
    const partner = config.partner;
    if (!partner) return Promise.reject(new AppError('not_found', 'No recovery partner is configured'));
    if (cached && Date.now() - cached.at < cacheMs) return cached.value;
    const insecure = config.env !== 'production' && isLoopbackOrigin(partner.url);
    const value = oidc
      .discovery(new URL(partner.url), partner.clientId, undefined, oidc.ClientSecretBasic(partner.clientSecret), {
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 5,
      })
      .catch((cause: unknown) => {
        cached = undefined;
        throw partnerUnreachable(cause);
      });
    cached = { at: Date.now(), value };
    return value;
  };
}
