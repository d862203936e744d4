import { Buffer } from 'node:buffer';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateP256KeyPair,
  isP256PrivateKey,
  isP256PublicKey,
  privateKeyFromPem,
  privateKeyToPem,
  publicKeyFromBase64Spki,
  publicKeyToBase64Spki,
} from './keys.ts';
import { FIXED_PRIVATE_KEY_PEM, FIXED_PUBLIC_KEY_SPKI, expectAppError, fixedPrivateKey, fixedPublicKey } from './testFixtures.ts';

// Published by github/darrrr's recorded configuration (tokensign-pubkeys-secp256r1), i.e.
// produced by another implementation.
const DARRRR_TOKENSIGN_KEY =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEks3CjRTWrTnEDEiz36ICsy3mOX7fhauJ3Jj3R6hN7rp0Q6zh3WKIhGMBR8Ccc1VKZ4eMqLmw/WQLHSAn22GD4g==';

describe('keys', () => {
  it('generates P-256 key pairs', () => {
    const { privateKey, publicKey } = generateP256KeyPair();
    expect(isP256PrivateKey(privateKey)).toBe(true);
    expect(isP256PublicKey(publicKey)).toBe(true);
    expect(isP256PublicKey(privateKey)).toBe(false);
  });

  it('exports the known SubjectPublicKeyInfo of the fixed key', () => {
    expect(publicKeyToBase64Spki(fixedPublicKey)).toBe(FIXED_PUBLIC_KEY_SPKI);
    expect(publicKeyToBase64Spki(fixedPrivateKey)).toBe(FIXED_PUBLIC_KEY_SPKI);
    // 26 bytes of P-256 SPKI header, then an uncompressed point (0x04, x, y).
    const der = Buffer.from(FIXED_PUBLIC_KEY_SPKI, 'base64');
    expect(der).toHaveLength(91);
    expect(der.subarray(0, 27).toString('hex')).toBe('3059301306072a8648ce3d020106082a8648ce3d03010703420004');
  });

  it('reads another implementation\'s published key and writes it back unchanged', () => {
    const key = publicKeyFromBase64Spki(DARRRR_TOKENSIGN_KEY);
    expect(isP256PublicKey(key)).toBe(true);
    expect(publicKeyToBase64Spki(key)).toBe(DARRRR_TOKENSIGN_KEY);
  });

  it('round-trips public keys through base64 SPKI', () => {
    const { publicKey } = generateP256KeyPair();
    const again = publicKeyFromBase64Spki(publicKeyToBase64Spki(publicKey));
    expect(again.equals(publicKey)).toBe(true);
  });

  it('refuses SPKI that is not an EC P-256 public key', () => {
    const spkiOf = (key: ReturnType<typeof generateKeyPairSync>['publicKey']): string =>
      key.export({ type: 'spki', format: 'der' }).toString('base64');
    const candidates = [
      spkiOf(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey),
      spkiOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey),
      spkiOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey),
      spkiOf(generateKeyPairSync('ed25519').publicKey),
      '',
      'not base64!',
      'AAAA',
      FIXED_PUBLIC_KEY_SPKI.slice(0, 40),
    ];
    for (const s of candidates) expectAppError(() => publicKeyFromBase64Spki(s), 'bad_request');
  });

  it('refuses to export a key that is not P-256', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey;
    expectAppError(() => publicKeyToBase64Spki(p384), 'bad_request');
  });

  it('round-trips private keys through PKCS#8 PEM', () => {
    const pem = privateKeyToPem(fixedPrivateKey);
    expect(pem).toBe(FIXED_PRIVATE_KEY_PEM);
    expect(privateKeyFromPem(pem).equals(fixedPrivateKey)).toBe(true);
    const { privateKey } = generateP256KeyPair();
    expect(privateKeyFromPem(privateKeyToPem(privateKey)).equals(privateKey)).toBe(true);
  });

  it('refuses PEM that is not an EC P-256 private key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const publicPem = fixedPublicKey.export({ type: 'spki', format: 'pem' });
    for (const pem of ['', 'garbage', String(rsa), String(publicPem), FIXED_PRIVATE_KEY_PEM.slice(0, 80)]) {
      expectAppError(() => privateKeyFromPem(pem), 'bad_request');
    }
    expectAppError(() => privateKeyToPem(fixedPublicKey), 'bad_request');
  });
});
