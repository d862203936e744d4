import { AppError } from '../errors.ts';
import { ByteReader } from './ByteReader.ts';
import { isSerializedOrigin } from './origin.ts';
import { parseIssuedTime } from './parseIssuedTime.ts';
import { readDerSignature } from './readDerSignature.ts';
import { MAX_TOKEN_BYTES, TOKEN_ID_BYTES, TOKEN_VERSION, TokenOptions, TokenType } from './tokenTypes.ts';
import type { DecodedToken, TokenTypeValue } from './tokenTypes.ts';
import { decodeUtf8Strict } from './utf8.ts';

function readOrigin(reader: ByteReader, what: string): string {
  const value = readString(reader, what);
  // Draft §4.1.1: an ASCII serialised origin, so that byte equality is origin equality.
  if (!isSerializedOrigin(value)) throw new AppError('malformed_token', `token ${what} is not an ASCII serialised origin`);
  return value;
}

function readString(reader: ByteReader, what: string): string {
  const value = decodeUtf8Strict(reader.readLengthPrefixed(what));
  if (value === null) throw new AppError('malformed_token', `token ${what} is not valid UTF-8`);
  return value;
}

/**
 * Parses the binary form of a token. The signature's length varies, so the end of the internals
 * is found by walking the length-prefixed fields. Checks structure only, not the signature.
 */
export function decodeTokenBytes(bytes: Uint8Array): DecodedToken {
  if (!(bytes instanceof Uint8Array)) throw new AppError('malformed_token', 'token must be bytes');
  if (bytes.length === 0) throw new AppError('malformed_token', 'token is empty');
  if (bytes.length > MAX_TOKEN_BYTES) {
    throw new AppError('malformed_token', `token is larger than ${MAX_TOKEN_BYTES} bytes`);
  }
  // A plain copy: Buffer#slice returns views, and results must not alias the caller's memory.
  const input = new Uint8Array(bytes);
  const reader = new ByteReader(input);
  const version = reader.readU8('version');
  if (version !== TOKEN_VERSION) {
    throw new AppError('malformed_token', `unsupported token version ${version}`);
  }
  const type = reader.readU8('type');
  if (type !== TokenType.Recovery && type !== TokenType.Countersigned) {
    throw new AppError('malformed_token', `unknown token type ${type}`);
  }
  const tokenId = reader.readBytes(TOKEN_ID_BYTES, 'token id');
  const options = reader.readU8('options');
  if (type === TokenType.Countersigned && (options & TokenOptions.StatusRequested) !== 0) {
    // Draft §4.2.1: "Bit 0 must not be set in Countersigned Recovery Tokens."
    throw new AppError('malformed_token', 'countersigned token sets options bit 0 (status requested)');
  }
  const issuer = readOrigin(reader, 'issuer');
  const audience = readOrigin(reader, 'audience');
  const issuedTime = readString(reader, 'issued time');
  parseIssuedTime(issuedTime);
  const data = reader.readLengthPrefixed('data');
  const binding = reader.readLengthPrefixed('binding');
  const internalsLength = reader.position;
  const signature = readDerSignature(reader.readRest());

  return {
    version: TOKEN_VERSION,
    type: type as TokenTypeValue,
    tokenId,
    options,
    issuer,
    audience,
    issuedTime,
    data,
    binding,
    internals: input.slice(0, internalsLength),
    signature,
    raw: input,
  };
}
