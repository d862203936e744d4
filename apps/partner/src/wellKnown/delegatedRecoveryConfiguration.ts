import { publicKeyToBase64Spki } from '@recovery/core/token/index';
import type { PartnerConfig } from '../config.ts';
import { MAX_COUNTERSIGN_KEYS } from '../keys/countersignKeys.ts';

/**
 * The recovery provider's `/.well-known/delegated-account-recovery/configuration` document. The
 * draft's fields mean what the draft says: `save-token` and `recover-account` are the browser
 * endpoints of its section 3, and `save-token-async-api-iframe` the page of its postMessage API
 * (§3.3). Our OAuth transport is described in fields of our own, prefixed `oauth-`, which the
 * draft does not define.
 */
export interface DelegatedRecoveryConfiguration {
  issuer: string;
  'countersign-pubkeys-secp256r1': string[];
  'token-max-size': number;
  'save-token': string;
  'recover-account': string;
  'save-token-async-api-iframe': string;
  'privacy-policy': string;
  'icon-152px': string;
  /** Ours: the OpenID Provider to authorise against (discovery at its well-known path). */
  'oauth-issuer': string;
  /** Ours: POST `{ token }` with a `recovery_token.save` access token. */
  'oauth-save-token-api': string;
  /** Ours: POST with a `recovery_token.recover` access token for the picked token, countersigned. */
  'oauth-countersign-api': string;
  /** A field of our own (not the draft's): the name people know this site by. */
  'display-name': string;
}

export const SAVE_TOKEN_PATH = '/delegated-recovery/save-token';
export const RECOVER_ACCOUNT_PATH = '/delegated-recovery/recover-account';
export const SAVE_TOKEN_ASYNC_API_PATH = '/delegated-recovery/save-token-async-api';
export const OAUTH_SAVE_TOKEN_API_PATH = '/api/recovery-tokens';
export const OAUTH_COUNTERSIGN_API_PATH = '/api/recovery-tokens/countersign';
export const PRIVACY_POLICY_PATH = '/privacy';
export const ICON_PATH = '/icon-152.png';

export function delegatedRecoveryConfiguration(config: PartnerConfig): DelegatedRecoveryConfiguration {
  const origin = config.publicOrigin;
  return {
    issuer: origin,
    'countersign-pubkeys-secp256r1': config.countersignKeys.slice(0, MAX_COUNTERSIGN_KEYS).map((key) => publicKeyToBase64Spki(key)),
    'token-max-size': config.tokenMaxSize,
    'save-token': `${origin}${SAVE_TOKEN_PATH}`,
    'recover-account': `${origin}${RECOVER_ACCOUNT_PATH}`,
    'save-token-async-api-iframe': `${origin}${SAVE_TOKEN_ASYNC_API_PATH}`,
    'privacy-policy': `${origin}${PRIVACY_POLICY_PATH}`,
    'icon-152px': `${origin}${ICON_PATH}`,
    'oauth-issuer': origin,
    'oauth-save-token-api': `${origin}${OAUTH_SAVE_TOKEN_API_PATH}`,
    'oauth-countersign-api': `${origin}${OAUTH_COUNTERSIGN_API_PATH}`,
    'display-name': config.displayName,
  };
}
