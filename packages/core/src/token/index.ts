export {
  MAX_FIELD_BYTES,
  MAX_SIGNATURE_BYTES,
  MAX_TOKEN_BYTES,
  TOKEN_ID_BYTES,
  TOKEN_VERSION,
  TokenOptions,
  TokenType,
} from './tokenTypes.ts';
export type { DecodeTokenOptions, DecodedToken, TokenFields, TokenTypeValue } from './tokenTypes.ts';
export { encodeInternals } from './encodeInternals.ts';
export { decodeToken } from './decodeToken.ts';
export { decodeTokenBytes } from './decodeTokenBytes.ts';
export { signToken } from './signToken.ts';
export { verifyTokenSignature } from './verifyTokenSignature.ts';
export { countersignToken } from './countersignToken.ts';
export type { CountersignTokenArgs } from './countersignToken.ts';
export { decodeCountersignedToken } from './decodeCountersignedToken.ts';
export { formatIssuedTime } from './formatIssuedTime.ts';
export { parseIssuedTime } from './parseIssuedTime.ts';
export { newTokenId } from './newTokenId.ts';
export { tokenIdToHex } from './tokenIdToHex.ts';
export { isSerializedOrigin, normalizeOrigin } from './origin.ts';
export {
  generateP256KeyPair,
  isP256PrivateKey,
  isP256PublicKey,
  privateKeyFromPem,
  privateKeyToPem,
  publicKeyFromBase64Spki,
  publicKeyToBase64Spki,
} from './keys.ts';
