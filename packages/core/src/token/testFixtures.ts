// Shared by the *.test.ts files beside it; not exported from the package.
import { Buffer } from 'node:buffer';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { expect } from 'vitest';
import { AppError } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';
import type { TokenFields } from './tokenTypes.ts';

/** A P-256 key generated once for the known-answer tests; it guards nothing. */
export const FIXED_PRIVATE_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdLeBs5fw6Xlrj2eR
AewpzRGJvN6A3Cw/thgGtj2e1lKhRANCAAQBLkdwqwopvmLIa1AS49DbOE/Lvfh3
qn142cF3//7Ze3fBbL5KTHN9Qfa8AjN/dH2BBzHDDhLl0CgRyGdh4oHI
-----END PRIVATE KEY-----
`;

export const FIXED_PUBLIC_KEY_SPKI =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEAS5HcKsKKb5iyGtQEuPQ2zhPy734d6p9eNnBd//+2Xt3wWy+SkxzfUH2vAIzf3R9gQcxww4S5dAoEchnYeKByA==';

export const fixedPrivateKey: KeyObject = createPrivateKey(FIXED_PRIVATE_KEY_PEM);
export const fixedPublicKey: KeyObject = createPublicKey(fixedPrivateKey);

export function ascii(s: string): number[] {
  return [...Buffer.from(s, 'ascii')];
}

/** The fields of the known-answer token. */
export const KAT_FIELDS: TokenFields = {
  version: 0,
  type: 0,
  tokenId: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
  options: 0x03,
  issuer: 'https://a.example',
  audience: 'https://b.example',
  issuedTime: '2026-11-28T01:02:03Z',
  data: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]),
  binding: Uint8Array.from([0x01, 0x02]),
};

/** KAT_FIELDS laid out by hand, byte by byte, from the protocol's table. */
export const KAT_INTERNALS = Uint8Array.from([
  0x00, // version
  0x00, // type: recovery
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, // token id
  0x03, // options: status requested | low friction
  0x00, 0x11, ...ascii('https://a.example'), // issuer, 17 bytes
  0x00, 0x11, ...ascii('https://b.example'), // audience, 17 bytes
  0x00, 0x14, ...ascii('2026-11-28T01:02:03Z'), // issued time, 20 bytes
  0x00, 0x04, 0xde, 0xad, 0xbe, 0xef, // data
  0x00, 0x02, 0x01, 0x02, // binding
]);

/** An ECDSA signature of KAT_INTERNALS by the fixed key, made once and frozen here. */
export const KAT_SIGNATURE = Uint8Array.from(
  Buffer.from(
    '304402206644a8349df8cea6da20334edcc709b2fffab626691e6045dbd650bc59db7835' +
      '0220210276b56b3be089d98b35c0181e7b671ceef70af471943c41c1d77e1f92d4f8',
    'hex',
  ),
);

export function concatBytes(...parts: ArrayLike<number>[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

export function fromBase64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'base64'));
}

export const KAT_TOKEN = toBase64(concatBytes(KAT_INTERNALS, KAT_SIGNATURE));

export function sampleFields(overrides: Partial<TokenFields> = {}): TokenFields {
  return {
    version: 0,
    type: 0,
    tokenId: new Uint8Array(16).fill(0xab),
    options: 0,
    issuer: 'https://account.example',
    audience: 'https://partner.example',
    issuedTime: '2026-01-02T03:04:05Z',
    data: Uint8Array.from([1, 2, 3]),
    binding: Uint8Array.from([4, 5]),
    ...overrides,
  };
}

export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

export function expectAppError(fn: () => unknown, code: ErrorCode): AppError {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}
