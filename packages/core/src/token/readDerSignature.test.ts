import { describe, expect, it } from 'vitest';
import { readDerSignature } from './readDerSignature.ts';
import { KAT_SIGNATURE, expectAppError } from './testFixtures.ts';

describe('readDerSignature', () => {
  it('accepts minimal and maximal well-formed signatures', () => {
    const small = Uint8Array.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f]);
    const big = [0x02, 0x21, 0x00, 0x80, ...new Array<number>(31).fill(0)];
    const largest = Uint8Array.from([0x30, 0x46, ...big, ...big]);
    expect(readDerSignature(small)).toEqual(small);
    expect(readDerSignature(largest)).toHaveLength(72);
    expect(readDerSignature(KAT_SIGNATURE)).toEqual(KAT_SIGNATURE);
  });

  it('refuses trailing bytes, truncation and emptiness', () => {
    expectAppError(() => readDerSignature(Uint8Array.from([...KAT_SIGNATURE, 0])), 'malformed_token');
    expectAppError(() => readDerSignature(KAT_SIGNATURE.slice(0, -1)), 'malformed_token');
    expectAppError(() => readDerSignature(new Uint8Array(0)), 'malformed_token');
  });
});
