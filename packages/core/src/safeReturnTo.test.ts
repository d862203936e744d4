import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './safeReturnTo.ts';

describe('safeReturnTo', () => {
  it.each(['/', '/interaction/abc123', '/interaction/abc?x=1&y=%2F%2Fz', '/a/b#frag', '/path//with//slashes'])('keeps the relative path %s', (value) => {
    expect(safeReturnTo(value)).toBe(value);
  });

  it.each([
    ['//evil.example', 'protocol-relative'],
    ['https://evil.example', 'absolute'],
    ['http://localhost:4000/', 'absolute, even our own'],
    ['javascript:alert(1)', 'a script URL'],
    ['/\\evil.example', 'a backslash browsers read as a slash'],
    ['\\\\evil.example', 'backslashes'],
    ['/\t/evil.example', 'a tab URL parsers drop'],
    ['/\n/evil.example', 'a newline'],
    [' /ok', 'leading space'],
    ['relative/path', 'no leading slash'],
    ['', 'empty'],
    ['/' + 'a'.repeat(3000), 'too long'],
  ])('ignores %s (%s)', (value) => {
    expect(safeReturnTo(value)).toBeUndefined();
  });

  it('ignores anything that is not one string', () => {
    expect(safeReturnTo(undefined)).toBeUndefined();
    expect(safeReturnTo(['/a', '/b'])).toBeUndefined();
    expect(safeReturnTo({ path: '/a' })).toBeUndefined();
  });
});
