import { describe, expect, it } from 'vitest';
import { newTokenId } from './newTokenId.ts';
import { tokenIdToHex } from './tokenIdToHex.ts';

describe('newTokenId', () => {
  it('returns 16 fresh random bytes', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = newTokenId();
      expect(id).toBeInstanceOf(Uint8Array);
      expect(id).toHaveLength(16);
      ids.add(tokenIdToHex(id));
    }
    expect(ids.size).toBe(1000);
  });
});
