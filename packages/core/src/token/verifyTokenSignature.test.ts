import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { decodeToken } from './decodeToken.ts';
import { generateP256KeyPair } from './keys.ts';
import { signToken } from './signToken.ts';
import { expectAppError, fixedPublicKey, fromBase64, sampleFields, thrownBy, toBase64 } from './testFixtures.ts';
import { verifyTokenSignature } from './verifyTokenSignature.ts';

const signer = generateP256KeyPair();
const other = generateP256KeyPair();
const fields = sampleFields({ type: 0, options: 2, data: Uint8Array.from([9, 8, 7, 6]), binding: Uint8Array.from([5, 4]) });
const token = signToken(fields, signer.privateKey);

/** Either the mutated token no longer parses, or its signature no longer verifies. */
function expectRefused(bytes: Uint8Array, expectedCode?: 'invalid_signature'): void {
  const error = thrownBy(() => verifyTokenSignature(decodeToken(toBase64(bytes)), [signer.publicKey]));
  expect(error).toBeInstanceOf(AppError);
  const code = (error as AppError).code;
  if (expectedCode) expect(code).toBe(expectedCode);
  else expect(['malformed_token', 'invalid_signature']).toContain(code);
}

describe('verifyTokenSignature', () => {
  it('accepts the signing key', () => {
    expect(verifyTokenSignature(decodeToken(token), [signer.publicKey])).toEqual({ keyIndex: 0 });
  });

  it('refuses another key with invalid_signature', () => {
    expectAppError(() => verifyTokenSignature(decodeToken(token), [other.publicKey]), 'invalid_signature');
    expectAppError(() => verifyTokenSignature(decodeToken(token), [fixedPublicKey]), 'invalid_signature');
  });

  it('refuses when no keys are published', () => {
    expectAppError(() => verifyTokenSignature(decodeToken(token), []), 'invalid_signature');
  });

  it('finds the second key of two during a rotation', () => {
    expect(verifyTokenSignature(decodeToken(token), [other.publicKey, signer.publicKey])).toEqual({ keyIndex: 1 });
  });

  it('refuses a flipped bit in each field', () => {
    const bytes = fromBase64(token);
    // One content byte in each field: type, token id, options, issuer, audience, issued time's
    // fraction-free seconds digit, data, binding. Each flip keeps the token parseable.
    const issuerAt = 19 + 2;
    const audienceAt = issuerAt + fields.issuer.length + 2;
    const timeAt = audienceAt + fields.audience.length + 2;
    const dataAt = timeAt + fields.issuedTime.length + 2;
    const bindingAt = dataAt + fields.data.length + 2;
    const positions: Array<[string, number, number]> = [
      ['type', 1, 0x01],
      ['token id', 2 + 7, 0x10],
      ['options', 18, 0x04],
      ['issuer', issuerAt + 10, 0x01],
      ['audience', audienceAt + 10, 0x01],
      ['issued time', timeAt + 18, 0x01],
      ['data', dataAt, 0x80],
      ['binding', bindingAt + 1, 0x01],
    ];
    for (const [, at, bit] of positions) {
      const mutated = bytes.slice();
      mutated[at] = (mutated[at] ?? 0) ^ bit;
      expectRefused(mutated, 'invalid_signature');
    }
  });

  it('refuses a flipped bit anywhere in the token', () => {
    const bytes = fromBase64(token);
    for (let at = 0; at < bytes.length; at++) {
      for (const bit of [0x01, 0x80]) {
        const mutated = bytes.slice();
        mutated[at] = (mutated[at] ?? 0) ^ bit;
        expectRefused(mutated);
      }
    }
  });

  it('refuses a flipped bit in the value of r or s', () => {
    const decoded = decodeToken(token);
    const signatureAt = decoded.internals.length;
    const rAt = signatureAt + 4 + (decoded.signature[3] === 33 ? 1 : 0);
    const sLengthAt = signatureAt + 4 + (decoded.signature[3] ?? 0) + 1;
    const sAt = sLengthAt + 1 + (decoded.raw[sLengthAt] === 33 ? 1 : 0);
    for (const at of [rAt + 5, sAt + 31]) {
      const mutated = decoded.raw.slice();
      mutated[at] = (mutated[at] ?? 0) ^ 0x01;
      expectRefused(mutated, 'invalid_signature');
    }
  });

  it('refuses a signature moved from another token', () => {
    const otherToken = decodeToken(signToken(sampleFields({ options: 1 }), signer.privateKey));
    const spliced = { ...decodeToken(token), signature: otherToken.signature };
    expectAppError(() => verifyTokenSignature(spliced, [signer.publicKey]), 'invalid_signature');
  });

  it('refuses a key list holding something other than P-256 public keys', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey;
    for (const keys of [[p384], [signer.privateKey], ['key']]) {
      expectAppError(() => verifyTokenSignature(decodeToken(token), keys as never), 'bad_request');
    }
  });
});
