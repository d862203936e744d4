import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { generateP256KeyPair, privateKeyToPem } from '@recovery/core/token/index';

/** Keys chosen by the benchmark and handed to the services, so it can build valid state itself. */
export interface BenchSecrets {
  accountSecretKey: string;
  /** PEM of the account service's token-signing key (TOKEN_SIGNING_KEYS). */
  tokenSigningPem: string;
  partnerSecretKey: string;
  /** PEM of the partner's countersigning key (COUNTERSIGN_PRIVATE_KEYS). */
  countersignPem: string;
  countersignKey: KeyObject;
}

export function createBenchSecrets(): BenchSecrets {
  const countersign = generateP256KeyPair().privateKey;
  return {
    accountSecretKey: randomBytes(32).toString('base64'),
    tokenSigningPem: privateKeyToPem(generateP256KeyPair().privateKey),
    partnerSecretKey: randomBytes(32).toString('base64'),
    countersignPem: privateKeyToPem(countersign),
    countersignKey: countersign,
  };
}
