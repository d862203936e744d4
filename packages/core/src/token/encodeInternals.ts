import { AppError } from '../errors.ts';
import { isSerializedOrigin } from './origin.ts';
import { parseIssuedTime } from './parseIssuedTime.ts';
import { MAX_FIELD_BYTES, TOKEN_ID_BYTES, TOKEN_VERSION, TokenOptions, TokenType } from './tokenTypes.ts';
import type { TokenFields } from './tokenTypes.ts';
import { encodeUtf8Strict } from './utf8.ts';

function badRequest(message: string): AppError {
  return new AppError('bad_request', message);
}

function stringField(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string') throw badRequest(`${name} must be a string`);
  const bytes = encodeUtf8Strict(value);
  if (bytes === null) throw badRequest(`${name} is not valid Unicode`);
  return bytes;
}

function originField(value: unknown, name: string): Uint8Array {
  const bytes = stringField(value, name);
  // Draft §4.1.1: issuer and audience are ASCII serialisations of origins (RFC 6454).
  if (!isSerializedOrigin(value as string)) throw badRequest(`${name} must be an ASCII serialised origin such as https://example.com`);
  return bytes;
}

function bytesField(value: unknown, name: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw badRequest(`${name} must be bytes`);
  return value;
}

/** The signed part of a token: every field in wire order, each variable one u16-length-prefixed. */
export function encodeInternals(fields: TokenFields): Uint8Array {
  if (typeof fields !== 'object' || fields === null) throw badRequest('token fields are missing');
  if (fields.version !== TOKEN_VERSION) throw badRequest(`token version must be ${TOKEN_VERSION}`);
  if (fields.type !== TokenType.Recovery && fields.type !== TokenType.Countersigned) {
    throw badRequest('token type must be 0 (recovery) or 1 (countersigned)');
  }
  const tokenId = bytesField(fields.tokenId, 'token id');
  if (tokenId.length !== TOKEN_ID_BYTES) throw badRequest(`token id must be ${TOKEN_ID_BYTES} bytes`);
  if (!Number.isInteger(fields.options) || fields.options < 0 || fields.options > 0xff) {
    throw badRequest('token options must be an integer from 0 to 255');
  }
  if (fields.type === TokenType.Countersigned && (fields.options & TokenOptions.StatusRequested) !== 0) {
    // Draft §4.2.1: "Bit 0 must not be set in Countersigned Recovery Tokens."
    throw badRequest('a countersigned token must not request status (options bit 0)');
  }
  const issuedTime = stringField(fields.issuedTime, 'issued time');
  try {
    parseIssuedTime(fields.issuedTime);
  } catch {
    // Refuse here rather than sign a token that every reader would refuse.
    throw badRequest('issued time must be an RFC 3339 date-time');
  }
  const variable: Array<[string, Uint8Array]> = [
    ['issuer', originField(fields.issuer, 'issuer')],
    ['audience', originField(fields.audience, 'audience')],
    ['issued time', issuedTime],
    ['data', bytesField(fields.data, 'data')],
    ['binding', bytesField(fields.binding, 'binding')],
  ];
  let size = 1 + 1 + TOKEN_ID_BYTES + 1;
  for (const [name, bytes] of variable) {
    if (bytes.length > MAX_FIELD_BYTES) throw badRequest(`${name} must be at most ${MAX_FIELD_BYTES} bytes`);
    size += 2 + bytes.length;
  }

  const out = new Uint8Array(size);
  out[0] = TOKEN_VERSION;
  out[1] = fields.type;
  out.set(tokenId, 2);
  out[2 + TOKEN_ID_BYTES] = fields.options;
  let at = 3 + TOKEN_ID_BYTES;
  for (const [, bytes] of variable) {
    out[at] = bytes.length >>> 8;
    out[at + 1] = bytes.length & 0xff;
    out.set(bytes, at + 2);
    at += 2 + bytes.length;
  }
  return out;
}
