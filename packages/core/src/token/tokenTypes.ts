export const TOKEN_VERSION = 0;

export const TokenType = { Recovery: 0, Countersigned: 1 } as const;
export type TokenTypeValue = (typeof TokenType)[keyof typeof TokenType];

/** Bit flags carried in the `options` byte. */
export const TokenOptions = { StatusRequested: 0x01, LowFriction: 0x02 } as const;

export const TOKEN_ID_BYTES = 16;

/** Every variable-length field is prefixed by a u16, so this is its hard ceiling. */
export const MAX_FIELD_BYTES = 0xffff;

/** The largest DER ECDSA P-256 signature: SEQUENCE header plus two 33-byte INTEGERs. */
export const MAX_SIGNATURE_BYTES = 72;

/**
 * The largest token the layout can express; anything bigger is malformed whatever the caller's
 * own limit, which lets decoding refuse huge input before doing any work.
 */
export const MAX_TOKEN_BYTES = 1 + 1 + TOKEN_ID_BYTES + 1 + 5 * (2 + MAX_FIELD_BYTES) + MAX_SIGNATURE_BYTES;

export interface TokenFields {
  version: 0;
  type: TokenTypeValue;
  /** 16 random bytes. */
  tokenId: Uint8Array;
  /** A byte of `TokenOptions` flags. */
  options: number;
  /** Origin of the signer. */
  issuer: string;
  /** Origin of the intended reader. */
  audience: string;
  /** RFC 3339 time, kept as the exact string that was signed. */
  issuedTime: string;
  data: Uint8Array;
  binding: Uint8Array;
}

export interface DecodedToken extends TokenFields {
  /** The signed bytes. */
  internals: Uint8Array;
  /** DER-encoded ECDSA signature. */
  signature: Uint8Array;
  /** internals || signature, i.e. the whole token. */
  raw: Uint8Array;
}

export interface DecodeTokenOptions {
  /** Refuse tokens whose decoded size exceeds this many bytes. */
  maxBytes?: number;
}
