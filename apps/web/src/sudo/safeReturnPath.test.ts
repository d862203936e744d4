import { describe, expect, it } from 'vitest';
import { defaultReturnPath, safeReturnPath } from './safeReturnPath.ts';

describe('safeReturnPath', () => {
  it.each([
    ['/settings/security', '/settings/security'],
    ['/settings/security-log?cursor=a#top', '/settings/security-log?cursor=a#top'],
    ['/settings/../settings/security', '/settings/security'],
  ])('follows the same-site path %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it.each([
    null,
    '',
    'settings/security',
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '/\t/evil.example',
    'javascript:alert(1)',
    '/sudo?return_to=/sudo',
  ])('refuses %s', (input) => {
    expect(safeReturnPath(input)).toBe(defaultReturnPath);
  });
});
