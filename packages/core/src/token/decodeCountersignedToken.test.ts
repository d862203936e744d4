import { describe, expect, it } from 'vitest';
import { countersignToken } from './countersignToken.ts';
import { decodeCountersignedToken } from './decodeCountersignedToken.ts';
import { generateP256KeyPair } from './keys.ts';
import { signToken } from './signToken.ts';
import { expectAppError, fromBase64, sampleFields } from './testFixtures.ts';

const ap = generateP256KeyPair();
const rp = generateP256KeyPair();
const innerToken = signToken(sampleFields({ type: 0 }), ap.privateKey);
const countersigned = countersignToken(
  { innerToken, issuer: 'https://partner.example', audience: 'https://account.example' },
  rp.privateKey,
);

describe('decodeCountersignedToken', () => {
  it('returns the outer and inner tokens', () => {
    const { outer, inner } = decodeCountersignedToken(countersigned);
    expect(outer.type).toBe(1);
    expect(inner.type).toBe(0);
    expect(inner.raw).toEqual(fromBase64(innerToken));
  });

  it('refuses a recovery token where a countersigned one is expected', () => {
    expectAppError(() => decodeCountersignedToken(innerToken), 'malformed_token');
  });

  it('refuses an inner token of the wrong type', () => {
    // Built by hand, since countersignToken itself refuses to nest countersigned tokens.
    const nested = signToken(sampleFields({ type: 1, data: fromBase64(countersigned) }), rp.privateKey);
    expectAppError(() => decodeCountersignedToken(nested), 'malformed_token');
  });

  it('refuses data that is not a token', () => {
    for (const data of [new Uint8Array(0), Uint8Array.from([0, 0, 1, 2]), fromBase64(innerToken).slice(0, -1)]) {
      const outer = signToken(sampleFields({ type: 1, data }), rp.privateKey);
      expectAppError(() => decodeCountersignedToken(outer), 'malformed_token');
    }
  });

  it('refuses an inner token with extra bytes after its signature', () => {
    const data = Uint8Array.from([...fromBase64(innerToken), 0x00]);
    const outer = signToken(sampleFields({ type: 1, data }), rp.privateKey);
    expectAppError(() => decodeCountersignedToken(outer), 'malformed_token');
  });

  it('applies maxBytes to the outer token', () => {
    const size = fromBase64(countersigned).length;
    expectAppError(() => decodeCountersignedToken(countersigned, { maxBytes: size - 1 }), 'malformed_token');
    expect(decodeCountersignedToken(countersigned, { maxBytes: size }).outer.raw).toHaveLength(size);
  });
});
