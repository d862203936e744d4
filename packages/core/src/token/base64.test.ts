import { describe, expect, it } from 'vitest';
import { base64DecodedLength, base64ToBytes, bytesToBase64 } from './base64.ts';

describe('base64', () => {
  it('decodes standard and url alphabets, padded or not', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x01]);
    expect(bytesToBase64(bytes)).toBe('+/+/AQ==');
    for (const s of ['+/+/AQ==', '+/+/AQ', '-_-_AQ', '-_-_AQ==']) expect(base64ToBytes(s)).toEqual(bytes);
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
  });

  it.each(['+/-_', 'AQ=', 'AQ===', 'A', 'AQ==AQ==', 'AR==', 'AQ.=', ' AQ==', 'AQ==\n', 'ÀQ=='])(
    'refuses %j',
    (s) => {
      expect(base64ToBytes(s)).toBeNull();
    },
  );

  it('predicts the decoded length from the string length', () => {
    for (let n = 0; n < 20; n++) {
      const s = bytesToBase64(new Uint8Array(n));
      expect(base64DecodedLength(s)).toBe(n);
      expect(base64DecodedLength(s.replace(/=+$/, ''))).toBe(n);
    }
  });
});
