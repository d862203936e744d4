import { describe, expect, it } from 'vitest';
import { isSerializedOrigin, normalizeOrigin } from './origin.ts';

describe('normalizeOrigin', () => {
  it.each([
    ['https://example.com', 'https://example.com'],
    ['HTTPS://Example.COM/', 'https://example.com'],
    ['https://example.com:443', 'https://example.com'],
    ['http://localhost:80/', 'http://localhost'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeOrigin(input)).toBe(expected);
  });

  it.each(['', 'example.com', 'https://example.com/path', 'https://example.com?', 'https://example.com/#x', 'https://u:p@example.com', 'ftp://example.com', 'null', 'javascript:alert(1)'])(
    'refuses %s',
    (input) => {
      expect(normalizeOrigin(input)).toBeNull();
    },
  );
});

describe('isSerializedOrigin', () => {
  it('holds only for the exact ASCII serialisation', () => {
    expect(isSerializedOrigin('https://example.com')).toBe(true);
    expect(isSerializedOrigin('http://localhost:3000')).toBe(true);
    for (const s of ['https://example.com/', 'https://Example.com', 'https://example.com:443', 'https://bücher.example', ' https://example.com']) {
      expect(isSerializedOrigin(s)).toBe(false);
    }
  });
});
