import { verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AppError } from '../errors.ts';
import { isP256PublicKey } from './keys.ts';
import type { DecodedToken } from './tokenTypes.ts';

/**
 * Checks the signature against each published key in turn (two during a rotation) and says
 * which one matched.
 */
export function verifyTokenSignature(token: DecodedToken, publicKeys: KeyObject[]): { keyIndex: number } {
  if (!Array.isArray(publicKeys)) throw new AppError('bad_request', 'public keys must be a list');
  publicKeys.forEach((key, index) => {
    // A wrong kind of key is a configuration error, not a bad token, so say so.
    if (!isP256PublicKey(key)) throw new AppError('bad_request', `public key ${index} is not a P-256 public key`);
  });
  for (const [keyIndex, key] of publicKeys.entries()) {
    let valid = false;
    try {
      valid = verify('sha256', token.internals, { key, dsaEncoding: 'der' }, token.signature);
    } catch {
      valid = false;
    }
    if (valid) return { keyIndex };
  }
  throw new AppError('invalid_signature', 'token signature does not match any published key');
}
