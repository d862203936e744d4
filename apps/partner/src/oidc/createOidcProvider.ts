import Provider from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import type { Logger } from 'pino';
import type { PartnerDb } from '@recovery/db';
import { deriveKey } from '@recovery/http';
import type { PartnerConfig } from '../config.ts';
import { accountClientMetadata } from './accountClientMetadata.ts';
import { extraTokenClaims } from './extraTokenClaims.ts';
import { findAccount } from './findAccount.ts';
import { loadExistingGrant } from './loadExistingGrant.ts';
import { pairwiseIdentifier } from './pairwiseIdentifier.ts';
import { prismaOidcAdapter } from './prismaOidcAdapter.ts';
import { renderOidcError } from './renderOidcError.ts';
import { SUPPORTED_SCOPES } from './scopes.ts';

/** Where oidc-provider's own endpoints live; discovery stays at the issuer's well-known path. */
export const OIDC_PATH_PREFIX = '/oidc/';

/** Artifact lifetimes, in seconds. */
export const oidcTtl = {
  AccessToken: 10 * 60,
  AuthorizationCode: 60,
  IdToken: 10 * 60,
  Interaction: 30 * 60,
  Grant: 60 * 60,
} as const;

/**
 * The partner's OpenID Provider. Issuer = PUBLIC_URL (discovery at
 * `${PUBLIC_URL}/.well-known/openid-configuration`); state in the partner database; ID tokens
 * signed with the configured (or DATA_DIR-kept) keys; cookies signed with a key derived from
 * SECRET_KEY, so any instance can continue any flow.
 */
export function createOidcProvider(config: PartnerConfig, db: PartnerDb, logger: Logger): Provider {
  const configuration: Configuration = {
    adapter: prismaOidcAdapter(db),
    clients: [accountClientMetadata(config)],
    jwks: config.oidcJwks,
    findAccount: findAccount(db),
    claims: { openid: ['sub'] },
    scopes: [...SUPPORTED_SCOPES],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: pairwiseIdentifier(deriveKey(config.secretKey, 'partner-oidc-pairwise')),
    responseTypes: ['code'],
    // The account service's opaque handle for its user (see OpenInteraction.accountUser).
    extraParams: ['account_user'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    loadExistingGrant,
    extraTokenClaims: extraTokenClaims(db),
    expiresWithSession: () => false,
    issueRefreshToken: () => false,
    clientBasedCORS: () => false,
    conformIdTokenClaims: true,
    renderError: renderOidcError(config.displayName),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: {
      // Cookies ignore ports: these names keep clear of the account service's on localhost.
      names: { session: 'partner_oidc_session', interaction: 'partner_oidc_interaction', resume: 'partner_oidc_resume' },
      keys: [deriveKey(config.secretKey, 'partner-oidc-cookies')],
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    routes: {
      authorization: '/oidc/auth',
      token: '/oidc/token',
      jwks: '/oidc/jwks',
      userinfo: '/oidc/me',
      revocation: '/oidc/token/revocation',
      introspection: '/oidc/token/introspection',
      end_session: '/oidc/session/end',
      pushed_authorization_request: '/oidc/request',
      registration: '/oidc/reg',
      code_verification: '/oidc/device',
      device_authorization: '/oidc/device/auth',
      backchannel_authentication: '/oidc/backchannel',
      challenge: '/oidc/challenge',
      credential: '/oidc/credential',
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    ttl: {
      ...oidcTtl,
      Session: Math.max(60, Math.floor(config.session.absoluteMs / 1000)),
    },
  };
  const provider = new Provider(config.publicOrigin, configuration);
  // Koa reads the forwarding headers, which oidcRoutes always sets itself from PUBLIC_URL and
  // from the client address Express resolved under TRUST_PROXY (never a client's own headers).
  provider.proxy = true;
  provider.on('server_error', (_ctx, error) => {
    logger.error({ err: { name: error.name, message: error.message } }, 'oidc provider error');
  });
  return provider;
}
