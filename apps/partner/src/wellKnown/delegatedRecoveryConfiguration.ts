import { publicKeyToBase64Spki } from '@recovery/core/token/index';
import type { PartnerConfig } from '../config.ts';
import { MAX_COUNTERSIGN_KEYS } from '../keys/countersignKeys.ts';

/** The recovery provider's `/.well-known/delegated-account-recovery/configuration` document. */
export interface DelegatedRecoveryConfiguration {
  issuer: string;
  'countersign-pubkeys-secp256r1': string[];
  'token-max-size': number;
  'save-token': string;
  'recover-account': string;
  'privacy-policy': string;
  'icon-152px': string;
  /** A field of our own (not the draft's): the name people know this site by. */
  'display-name': string;
}

export const SAVE_TOKEN_PATH = '/api/recovery-tokens';
export const RECOVER_ACCOUNT_PATH = '/api/recovery-tokens/countersign';
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
    'privacy-policy': `${origin}${PRIVACY_POLICY_PATH}`,
    'icon-152px': `${origin}${ICON_PATH}`,
    'display-name': config.displayName,
  };
}
