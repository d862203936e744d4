import { AppError } from '../errors.ts';
import { MAX_SIGNATURE_BYTES } from './tokenTypes.ts';

const SEQUENCE = 0x30;
const INTEGER = 0x02;
// A P-256 scalar is 32 bytes, plus one 0x00 when its top bit is set.
const MAX_INTEGER_BYTES = 33;

function malformed(detail: string): AppError {
  return new AppError('malformed_token', `token signature is not a DER ECDSA signature: ${detail}`);
}

/** Checks one DER INTEGER at `at` and returns the offset just past it. */
function readPositiveInteger(bytes: Uint8Array, at: number, end: number): number {
  if (at + 2 > end || bytes[at] !== INTEGER) throw malformed('expected an INTEGER');
  const length = bytes[at + 1] ?? 0;
  const start = at + 2;
  if (length < 1 || length > MAX_INTEGER_BYTES || start + length > end) {
    throw malformed('bad INTEGER length');
  }
  const first = bytes[start] ?? 0;
  const second = bytes[start + 1] ?? 0;
  if (first & 0x80) throw malformed('negative INTEGER');
  if (length > 1 && first === 0 && !(second & 0x80)) throw malformed('non-minimal INTEGER');
  if (length === MAX_INTEGER_BYTES && first !== 0) throw malformed('INTEGER too large');
  if (length === 1 && first === 0) throw malformed('zero INTEGER');
  return start + length;
}

/**
 * Validates that `bytes` is exactly one DER `SEQUENCE { INTEGER r, INTEGER s }` of at most 72
 * bytes; anything after it is refused, so a token has a single byte form.
 */
export function readDerSignature(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) throw new AppError('malformed_token', 'token has no signature');
  if (bytes.length < 2 || bytes[0] !== SEQUENCE) throw malformed('expected a SEQUENCE');
  const contentLength = bytes[1] ?? 0;
  // Short-form lengths only: a 72-byte signature has 70 bytes of content, below 0x80.
  if (contentLength & 0x80) throw malformed('bad SEQUENCE length');
  const end = 2 + contentLength;
  if (end > MAX_SIGNATURE_BYTES) throw malformed('too long');
  if (end > bytes.length) throw new AppError('malformed_token', 'token is truncated in signature');
  const afterR = readPositiveInteger(bytes, 2, end);
  const afterS = readPositiveInteger(bytes, afterR, end);
  if (afterS !== end) throw malformed('extra bytes inside the SEQUENCE');
  if (bytes.length !== end) throw new AppError('malformed_token', 'token has extra bytes after the signature');
  return bytes;
}
