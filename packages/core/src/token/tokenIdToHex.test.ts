import { describe, expect, it } from 'vitest';
import { tokenIdToHex } from './tokenIdToHex.ts';

describe('tokenIdToHex', () => {
  it('writes lowercase hex, two digits a byte', () => {
    expect(tokenIdToHex(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0xfe, 0xff]))).toBe(
      '000102030405060708090a0b0c0dfeff',
    );
  });

  it('respects views into a larger buffer', () => {
    const backing = Uint8Array.from([0xaa, 0x01, 0x02, 0xbb]);
    expect(tokenIdToHex(backing.subarray(1, 3))).toBe('0102');
  });
});
