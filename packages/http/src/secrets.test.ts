import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { constantTimeEqual, decryptSecret, deriveKey, encryptSecret, hmacHex, randomToken, sha256Hex } from './secrets.ts';

describe('secrets', () => {
  const key = randomBytes(32);

  it('encrypts with AES-256-GCM and decrypts only with the same key and context', () => {
    const sealed = encryptSecret(key, 'JBSWY3DPEHPK3PXP', 'totp:user1');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(decryptSecret(key, sealed, 'totp:user1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => decryptSecret(key, sealed, 'totp:user2')).toThrow();
    expect(() => decryptSecret(randomBytes(32), sealed, 'totp:user1')).toThrow();
  });

  it('detects tampering with the ciphertext', () => {
    const sealed = encryptSecret(key, 'secret', 'ctx');
    const parts = sealed.split('.');
    const ciphertext = Buffer.from(parts[2]!, 'base64url');
    ciphertext[0]! ^= 1;
    parts[2] = ciphertext.toString('base64url');
    expect(() => decryptSecret(key, parts.join('.'), 'ctx')).toThrow();
    expect(() => decryptSecret(key, 'garbage', 'ctx')).toThrow();
    const [v, iv, ct, tag] = sealed.split('.');
    const shortTag = Buffer.from(tag!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => decryptSecret(key, [v, iv, ct, shortTag].join('.'), 'ctx')).toThrow();
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret(key, 'same', 'ctx')).not.toBe(encryptSecret(key, 'same', 'ctx'));
  });

  it('derives different keys for different purposes, deterministically', () => {
    expect(deriveKey(key, 'a')).toEqual(deriveKey(key, 'a'));
    expect(deriveKey(key, 'a')).not.toEqual(deriveKey(key, 'b'));
    expect(deriveKey(key, 'a')).toHaveLength(32);
  });

  it('hashes, MACs and compares', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hmacHex(key, 'x')).not.toBe(hmacHex(deriveKey(key, 'other'), 'x'));
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(randomToken(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
