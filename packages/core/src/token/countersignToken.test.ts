import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { countersignToken } from './countersignToken.ts';
import { decodeCountersignedToken } from './decodeCountersignedToken.ts';
import { decodeToken } from './decodeToken.ts';
import { generateP256KeyPair } from './keys.ts';
import { signToken } from './signToken.ts';
import { expectAppError, fromBase64, sampleFields } from './testFixtures.ts';
import { TokenOptions } from './tokenTypes.ts';
import { verifyTokenSignature } from './verifyTokenSignature.ts';

const ap = generateP256KeyPair();
const rp = generateP256KeyPair();
const AP = 'https://account.example';
const RP = 'https://partner.example';
const innerToken = signToken(sampleFields({ issuer: AP, audience: RP, options: TokenOptions.StatusRequested }), ap.privateKey);

describe('countersignToken', () => {
  it('wraps the whole inner token, signed by the recovery provider', () => {
    const issuedTime = new Date('2026-11-28T01:02:03.999Z');
    const tokenId = new Uint8Array(16).fill(0x42);
    const binding = Uint8Array.from([1, 2, 3]);
    const countersigned = countersignToken(
      { innerToken, issuer: RP, audience: AP, issuedTime, tokenId, options: TokenOptions.LowFriction, binding },
      rp.privateKey,
    );
    const { outer, inner } = decodeCountersignedToken(countersigned);

    expect(outer.type).toBe(1);
    expect(outer.issuer).toBe(RP);
    expect(outer.audience).toBe(AP);
    expect(outer.issuedTime).toBe('2026-11-28T01:02:03Z');
    expect(outer.tokenId).toEqual(tokenId);
    expect(outer.options).toBe(TokenOptions.LowFriction);
    expect(outer.binding).toEqual(binding);
    expect(outer.data).toEqual(fromBase64(innerToken));
    expect(outer.data).toEqual(decodeToken(innerToken).raw);

    expect(inner.type).toBe(0);
    expect(inner.issuer).toBe(AP);
    expect(inner.audience).toBe(RP);
    expect(inner.options).toBe(TokenOptions.StatusRequested);

    expect(verifyTokenSignature(outer, [rp.publicKey])).toEqual({ keyIndex: 0 });
    expect(verifyTokenSignature(inner, [ap.publicKey])).toEqual({ keyIndex: 0 });
    expectAppError(() => verifyTokenSignature(outer, [ap.publicKey]), 'invalid_signature');
    expectAppError(() => verifyTokenSignature(inner, [rp.publicKey]), 'invalid_signature');
  });

  it('defaults to now, a fresh token id, no options and no binding', () => {
    const before = Date.now();
    const a = decodeToken(countersignToken({ innerToken, issuer: RP, audience: AP }, rp.privateKey));
    const b = decodeToken(countersignToken({ innerToken, issuer: RP, audience: AP }, rp.privateKey));
    const issued = Date.parse(a.issuedTime);
    expect(a.issuedTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(issued).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(issued).toBeLessThanOrEqual(Date.now());
    expect(a.tokenId).toHaveLength(16);
    expect(a.tokenId).not.toEqual(b.tokenId);
    expect(a.options).toBe(0);
    expect(a.binding).toEqual(new Uint8Array(0));
  });

  it('accepts the inner token in base64url', () => {
    const url = Buffer.from(innerToken, 'base64').toString('base64url');
    const { outer } = decodeCountersignedToken(countersignToken({ innerToken: url, issuer: RP, audience: AP }, rp.privateKey));
    expect(outer.data).toEqual(fromBase64(innerToken));
  });

  it('refuses to countersign a countersigned token', () => {
    const countersigned = countersignToken({ innerToken, issuer: RP, audience: AP }, rp.privateKey);
    expectAppError(
      () => countersignToken({ innerToken: countersigned, issuer: RP, audience: AP }, rp.privateKey),
      'malformed_token',
    );
  });

  it('refuses a malformed inner token', () => {
    for (const bad of ['', 'not base64!', innerToken.slice(0, 40)]) {
      expectAppError(() => countersignToken({ innerToken: bad, issuer: RP, audience: AP }, rp.privateKey), 'malformed_token');
    }
  });

  it('refuses a public key or bad arguments with bad_request', () => {
    expectAppError(() => countersignToken({ innerToken, issuer: RP, audience: AP }, rp.publicKey), 'bad_request');
    expectAppError(
      () => countersignToken({ innerToken, issuer: RP, audience: AP, issuedTime: new Date(Number.NaN) }, rp.privateKey),
      'bad_request',
    );
    expectAppError(
      () => countersignToken({ innerToken, issuer: RP, audience: AP, tokenId: new Uint8Array(4) }, rp.privateKey),
      'bad_request',
    );
  });

  it('refuses to countersign with options bit 0 set (draft §4.2.1)', () => {
    for (const options of [TokenOptions.StatusRequested, TokenOptions.StatusRequested | TokenOptions.LowFriction]) {
      expectAppError(() => countersignToken({ innerToken, issuer: RP, audience: AP, options }, rp.privateKey), 'bad_request');
    }
  });

  it('refuses an issuer or audience that is not an ASCII serialised origin', () => {
    for (const [issuer, audience] of [[`${RP}/`, AP], [RP, AP.toUpperCase()], ['https://bücher.example', AP]]) {
      expectAppError(() => countersignToken({ innerToken, issuer: issuer!, audience: audience! }, rp.privateKey), 'bad_request');
    }
  });
});
