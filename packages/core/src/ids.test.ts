import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.ts';

describe('newId', () => {
  it('makes 26-character ULIDs', () => {
    const id = newId();
    expect(id).toHaveLength(26);
    expect(isId(id)).toBe(true);
  });

  it('sorts by time, and stays in order within one millisecond', () => {
    const ids = [newId(1000), newId(1000), newId(1000), newId(2000), newId(2000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encodes the time in the first ten characters', () => {
    expect(newId(0).slice(0, 10)).toBe('0000000000');
    expect(newId(32).slice(0, 10)).toBe('0000000010');
  });
});
