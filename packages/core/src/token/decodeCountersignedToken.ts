import { AppError } from '../errors.ts';
import { decodeToken } from './decodeToken.ts';
import { decodeTokenBytes } from './decodeTokenBytes.ts';
import { TokenType } from './tokenTypes.ts';
import type { DecodeTokenOptions, DecodedToken } from './tokenTypes.ts';

/** Decodes a countersigned token and the recovery token it carries; checks no signature. */
export function decodeCountersignedToken(
  base64: string,
  opts: DecodeTokenOptions = {},
): { outer: DecodedToken; inner: DecodedToken } {
  const outer = decodeToken(base64, opts);
  if (outer.type !== TokenType.Countersigned) {
    throw new AppError('malformed_token', 'token is not a countersigned token');
  }
  const inner = decodeTokenBytes(outer.data);
  if (inner.type !== TokenType.Recovery) {
    throw new AppError('malformed_token', 'countersigned token does not carry a recovery token');
  }
  return { outer, inner };
}
