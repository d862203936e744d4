import { sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { AppError } from '../errors.ts';
import { bytesToBase64 } from './base64.ts';
import { encodeInternals } from './encodeInternals.ts';
import { isP256PrivateKey } from './keys.ts';
import type { TokenFields } from './tokenTypes.ts';

/** base64(internals || DER ECDSA P-256 SHA-256 signature of internals). */
export function signToken(fields: TokenFields, privateKey: KeyObject): string {
  if (!isP256PrivateKey(privateKey)) {
    throw new AppError('bad_request', 'signing key is not a P-256 private key');
  }
  const internals = encodeInternals(fields);
  const signature = sign('sha256', internals, { key: privateKey, dsaEncoding: 'der' });
  const token = new Uint8Array(internals.length + signature.length);
  token.set(internals, 0);
  token.set(signature, internals.length);
  return bytesToBase64(token);
}
