import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signChallenge, signedChallengeExpiry } from './signedChallenge.ts';

const key = randomBytes(32);
const now = new Date('2026-12-06T12:00:00Z');
const expiresAt = new Date(now.getTime() + 5 * 60_000);

describe('signed challenges', () => {
  it('are 72 bytes (96 characters), all different, and tell their expiry to the key that signed them', () => {
    const a = signChallenge(key, expiresAt);
    const b = signChallenge(key, expiresAt);
    expect(a).toMatch(/^[A-Za-z0-9_-]{96}$/);
    expect(a).not.toBe(b);
    expect(signedChallengeExpiry(key, a, now)).toEqual(expiresAt);
  });

  it('are refused once expired, and exactly at their expiry', () => {
    const challenge = signChallenge(key, expiresAt);
    expect(signedChallengeExpiry(key, challenge, new Date(expiresAt.getTime() - 1))).toEqual(expiresAt);
    expect(signedChallengeExpiry(key, challenge, expiresAt)).toBeNull();
  });

  it('are refused when signed with another key, or with a changed nonce, expiry or tag', () => {
    const challenge = signChallenge(key, expiresAt);
    expect(signedChallengeExpiry(randomBytes(32), challenge, now)).toBeNull();
    const bytes = Buffer.from(challenge, 'base64url');
    for (const at of [0, 31, 39, 40, 71]) {
      const changed = Buffer.from(bytes);
      changed[at] = changed[at]! ^ 1;
      expect(signedChallengeExpiry(key, changed.toString('base64url'), now), `byte ${at}`).toBeNull();
    }
    // A later expiry under the old tag.
    const later = Buffer.from(bytes);
    later.writeBigUInt64BE(BigInt(expiresAt.getTime() + 3_600_000), 32);
    expect(signedChallengeExpiry(key, later.toString('base64url'), now)).toBeNull();
  });

  it('have one spelling: the same bytes in base64 rather than base64url, padded, shortened or lengthened are refused', () => {
    let challenge = signChallenge(key, expiresAt);
    while (!/[-_]/.test(challenge)) challenge = signChallenge(key, expiresAt);
    const base64 = challenge.replace(/-/g, '+').replace(/_/g, '/');
    expect(Buffer.from(base64, 'base64url').equals(Buffer.from(challenge, 'base64url'))).toBe(true);
    expect(signedChallengeExpiry(key, base64, now)).toBeNull();
    expect(signedChallengeExpiry(key, `${challenge}==`, now)).toBeNull();
    expect(signedChallengeExpiry(key, challenge.slice(0, -1), now)).toBeNull();
    expect(signedChallengeExpiry(key, `${challenge}A`, now)).toBeNull();
    expect(signedChallengeExpiry(key, '', now)).toBeNull();
  });
});
