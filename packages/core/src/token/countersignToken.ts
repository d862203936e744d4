import type { KeyObject } from 'node:crypto';
import { AppError } from '../errors.ts';
import { decodeToken } from './decodeToken.ts';
import { formatIssuedTime } from './formatIssuedTime.ts';
import { newTokenId } from './newTokenId.ts';
import { signToken } from './signToken.ts';
import { TOKEN_VERSION, TokenType } from './tokenTypes.ts';

export interface CountersignTokenArgs {
  /** The recovery token as stored, base64. */
  innerToken: string;
  /** The recovery provider's origin. */
  issuer: string;
  /** The account provider's origin. */
  audience: string;
  issuedTime?: Date;
  tokenId?: Uint8Array;
  options?: number;
  binding?: Uint8Array;
}

/** Wraps a recovery token in a countersigned token (type 1) signed by the recovery provider. */
export function countersignToken(args: CountersignTokenArgs, privateKey: KeyObject): string {
  if (typeof args !== 'object' || args === null) {
    throw new AppError('bad_request', 'countersign arguments are missing');
  }
  const inner = decodeToken(args.innerToken);
  if (inner.type !== TokenType.Recovery) {
    throw new AppError('malformed_token', 'only a recovery token can be countersigned');
  }
  return signToken(
    {
      version: TOKEN_VERSION,
      type: TokenType.Countersigned,
      tokenId: args.tokenId ?? newTokenId(),
      options: args.options ?? 0,
      issuer: args.issuer,
      audience: args.audience,
      issuedTime: formatIssuedTime(args.issuedTime ?? new Date()),
      data: inner.raw,
      binding: args.binding ?? new Uint8Array(0),
    },
    privateKey,
  );
}
