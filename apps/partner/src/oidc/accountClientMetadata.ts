import type { ClientMetadata } from 'oidc-provider';
import type { PartnerConfig } from '../config.ts';
import { ID_TOKEN_SIGNING_ALG } from '../keys/oidcSigningKeys.ts';
import { SUPPORTED_SCOPES } from './scopes.ts';

/**
 * The account service as a confidential client: authorization code flow only (PKCE is required
 * for every client), exact redirect URIs, pairwise subjects, client_secret_basic at the token
 * endpoint, ES256 ID tokens that always carry auth_time.
 */
export function accountClientMetadata(config: PartnerConfig): ClientMetadata {
  const { accountClient } = config;
  return {
    client_id: accountClient.clientId,
    client_secret: accountClient.clientSecret,
    client_name: new URL(accountClient.origin).host,
    client_uri: accountClient.origin,
    redirect_uris: accountClient.redirectUris,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: ID_TOKEN_SIGNING_ALG,
    subject_type: 'pairwise',
    // auth_time in every ID token, so the client can see how fresh the sign-in was.
    require_auth_time: true,
    scope: SUPPORTED_SCOPES.join(' '),
    application_type: 'web',
  };
}
