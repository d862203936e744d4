import { AppError } from '../errors.ts';
import { base64DecodedLength, base64ToBytes } from './base64.ts';
import { decodeTokenBytes } from './decodeTokenBytes.ts';
import { MAX_TOKEN_BYTES } from './tokenTypes.ts';
import type { DecodeTokenOptions, DecodedToken } from './tokenTypes.ts';

/** Decodes a token from standard base64 or base64url (padding optional); structure only. */
export function decodeToken(base64: string, opts: DecodeTokenOptions = {}): DecodedToken {
  if (typeof base64 !== 'string') throw new AppError('malformed_token', 'token must be a string');
  const maxBytes = opts?.maxBytes ?? MAX_TOKEN_BYTES;
  if (typeof maxBytes !== 'number' || Number.isNaN(maxBytes) || maxBytes < 0) {
    throw new AppError('bad_request', 'maxBytes must be a non-negative number');
  }
  const limit = Math.min(maxBytes, MAX_TOKEN_BYTES);
  // From the length alone, so an oversized string costs nothing to refuse.
  if (base64DecodedLength(base64) > limit) {
    throw new AppError('malformed_token', `token is larger than the maximum size of ${limit} bytes`);
  }
  if (base64.length === 0) throw new AppError('malformed_token', 'token is empty');
  const bytes = base64ToBytes(base64);
  if (bytes === null) throw new AppError('malformed_token', 'token is not valid base64');
  return decodeTokenBytes(bytes);
}
