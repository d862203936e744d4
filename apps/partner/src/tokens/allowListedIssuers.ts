import { AppError } from '@recovery/core/errors';
import type { IssuerConfiguration, IssuerConfigurationSource } from './issuerConfiguration.ts';

/**
 * Rule (no blind SSRF): the partner fetches the configuration of an account provider it accepts
 * tokens from (`ALLOWED_TOKEN_ISSUERS`, https outside development by the configuration's own
 * check) and of no other origin, whoever names it (a token's issuer, `recover-account?issuer=`).
 */
export function allowListedIssuers(source: IssuerConfigurationSource, allowed: readonly string[]): IssuerConfigurationSource {
  const known = new Set(allowed);
  return {
    get(issuer: string): Promise<IssuerConfiguration> {
      if (!known.has(issuer)) return Promise.reject(new AppError('token_rejected', 'Tokens from this issuer are not accepted here'));
      return source.get(issuer);
    },
  };
}
