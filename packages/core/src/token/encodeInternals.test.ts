import { describe, expect, it } from 'vitest';
import { encodeInternals } from './encodeInternals.ts';
import { KAT_FIELDS, KAT_INTERNALS, ascii, concatBytes, expectAppError, sampleFields } from './testFixtures.ts';
import type { TokenFields } from './tokenTypes.ts';

describe('encodeInternals', () => {
  it('lays out the known-answer fields exactly as the protocol table says', () => {
    expect(encodeInternals(KAT_FIELDS)).toEqual(KAT_INTERNALS);
  });

  it('writes a countersigned token with empty fields byte by byte', () => {
    const fields: TokenFields = {
      version: 0,
      type: 1,
      tokenId: new Uint8Array(16).fill(0xff),
      options: 0,
      issuer: 'http://a',
      audience: 'http://b',
      issuedTime: '2000-01-01T00:00:00Z',
      data: new Uint8Array(0),
      binding: new Uint8Array(0),
    };
    const expected = concatBytes(
      [0x00, 0x01],
      new Array<number>(16).fill(0xff),
      [0x00],
      [0x00, 0x08, ...ascii('http://a')],
      [0x00, 0x08, ...ascii('http://b')],
      [0x00, 0x14, ...ascii('2000-01-01T00:00:00Z')],
      [0x00, 0x00],
      [0x00, 0x00],
    );
    expect(encodeInternals(fields)).toEqual(expected);
  });

  it('writes lengths big-endian and origins as ASCII', () => {
    const data = new Uint8Array(0x0102).fill(7);
    const out = encodeInternals(sampleFields({ issuer: 'https://xn--9ca.example', data }));
    const issuerAt = 19;
    expect([out[issuerAt], out[issuerAt + 1]]).toEqual([0x00, 0x17]);
    expect(Array.from(out.slice(issuerAt + 2, issuerAt + 2 + 0x17))).toEqual(ascii('https://xn--9ca.example'));
    const dataAt = out.length - (2 + 2) - (2 + 0x0102);
    expect([out[dataAt], out[dataAt + 1]]).toEqual([0x01, 0x02]);
  });

  it('accepts fields of exactly 65535 bytes', () => {
    const max = new Uint8Array(65535);
    const out = encodeInternals(sampleFields({ data: max, binding: max }));
    expect(out.length).toBe(19 + 5 * 2 + 65535 * 2 + 'https://account.example'.length + 'https://partner.example'.length + 20);
  });

  it.each<[string, Partial<TokenFields>]>([
    ['a 15-byte token id', { tokenId: new Uint8Array(15) }],
    ['a 17-byte token id', { tokenId: new Uint8Array(17) }],
    ['options above 255', { options: 256 }],
    ['negative options', { options: -1 }],
    ['fractional options', { options: 1.5 }],
    ['data over 65535 bytes', { data: new Uint8Array(65536) }],
    ['binding over 65535 bytes', { binding: new Uint8Array(65536) }],
    ['an issuer over 65535 bytes', { issuer: `https://${'a'.repeat(65535)}.example` }],
    ['an audience with a lone surrogate', { audience: 'https://\ud800.example' }],
    ['an empty issuer', { issuer: '' }],
    ['a non-ASCII issuer', { issuer: 'https://bücher.example' }],
    ['an issuer with a path', { issuer: 'https://account.example/' }],
    ['an upper-case audience', { audience: 'https://Partner.example' }],
    ['an audience with its default port', { audience: 'https://partner.example:443' }],
    ['an audience that is not http(s)', { audience: 'ftp://partner.example' }],
    ['a countersigned token with options bit 0', { type: 1, options: 0x01 }],
    ['an issued time that is not RFC 3339', { issuedTime: '2026-01-02 03:04:05' }],
  ])('refuses %s with bad_request', (_name, overrides) => {
    expectAppError(() => encodeInternals(sampleFields(overrides)), 'bad_request');
  });

  it('refuses a wrong version or type with bad_request', () => {
    const wrongVersion = { ...sampleFields(), version: 1 } as unknown as TokenFields;
    const wrongType = { ...sampleFields(), type: 2 } as unknown as TokenFields;
    const notBytes = { ...sampleFields(), data: 'abc' } as unknown as TokenFields;
    expectAppError(() => encodeInternals(wrongVersion), 'bad_request');
    expectAppError(() => encodeInternals(wrongType), 'bad_request');
    expectAppError(() => encodeInternals(notBytes), 'bad_request');
    expectAppError(() => encodeInternals(null as unknown as TokenFields), 'bad_request');
  });
});
