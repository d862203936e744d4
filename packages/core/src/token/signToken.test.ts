import { Buffer } from 'node:buffer';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeToken } from './decodeToken.ts';
import { encodeInternals } from './encodeInternals.ts';
import { generateP256KeyPair } from './keys.ts';
import { signToken } from './signToken.ts';
import { KAT_FIELDS, KAT_INTERNALS, expectAppError, fixedPrivateKey, fixedPublicKey, fromBase64, sampleFields } from './testFixtures.ts';

describe('signToken', () => {
  it('emits base64 of the internals followed by a DER signature', () => {
    const bytes = fromBase64(signToken(KAT_FIELDS, fixedPrivateKey));
    expect(bytes.slice(0, KAT_INTERNALS.length)).toEqual(KAT_INTERNALS);
    const signature = bytes.slice(KAT_INTERNALS.length);
    expect(signature[0]).toBe(0x30);
    expect(signature[1]).toBe(signature.length - 2);
    expect(signature.length).toBeLessThanOrEqual(72);
  });

  it('signs SHA-256 of the internals with ECDSA, checked by an independent verifier', () => {
    const token = decodeToken(signToken(sampleFields({ type: 1 }), fixedPrivateKey));
    const verifier = createVerify('SHA256');
    verifier.update(encodeInternals(sampleFields({ type: 1 })));
    expect(verifier.verify(fixedPublicKey, Buffer.from(token.signature))).toBe(true);
  });

  it('produces a signature that decodes under every signature length', () => {
    // Lengths vary with the leading bits of r and s; sign enough times to meet several.
    const lengths = new Set<number>();
    const { privateKey } = generateP256KeyPair();
    for (let i = 0; i < 200; i++) lengths.add(decodeToken(signToken(sampleFields(), privateKey)).signature.length);
    expect(lengths.size).toBeGreaterThan(1);
    for (const length of lengths) expect(length).toBeLessThanOrEqual(72);
  });

  it('refuses keys that are not P-256 private keys', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
    const ed25519 = generateKeyPairSync('ed25519').privateKey;
    for (const key of [rsa, p384, ed25519, fixedPublicKey]) {
      expectAppError(() => signToken(sampleFields(), key), 'bad_request');
    }
  });

  it('refuses invalid fields with bad_request', () => {
    expectAppError(() => signToken(sampleFields({ tokenId: new Uint8Array(8) }), fixedPrivateKey), 'bad_request');
  });
});
