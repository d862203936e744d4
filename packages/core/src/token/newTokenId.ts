import { randomBytes } from 'node:crypto';
import { TOKEN_ID_BYTES } from './tokenTypes.ts';

/** 128 random bits; the protocol asks for at least 96. */
export function newTokenId(): Uint8Array {
  return new Uint8Array(randomBytes(TOKEN_ID_BYTES));
}
