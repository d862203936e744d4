import { describe, expect, it } from 'vitest';
import { formatRecoveryCode, generateRecoveryCode, generateRecoveryCodes, normaliseRecoveryCode, recoveryCodesFile, recoveryCodesFileName } from './recoveryCodes.ts';

describe('recovery codes', () => {
  it('are xxxxx-xxxxx in lowercase hex', () => {
    for (let i = 0; i < 200; i++) expect(generateRecoveryCode()).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
  });

  it('come 16 to a set, all different', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(16);
    expect(new Set(codes).size).toBe(16);
  });

  it('use every hex digit in every position over many draws (no bias to a few values)', () => {
    const seen = Array.from({ length: 10 }, () => new Set<string>());
    for (let i = 0; i < 2000; i++) {
      const digits = generateRecoveryCode().replace('-', '');
      [...digits].forEach((d, position) => seen[position]!.add(d));
    }
    for (const set of seen) expect(set.size).toBe(16);
  });

  it.each([
    ['abcde-01234', 'abcde01234'],
    ['ABCDE-01234', 'abcde01234'],
    ['abcde01234', 'abcde01234'],
    ['  abcde-01234\n', 'abcde01234'],
    ['abcde 01234', 'abcde01234'],
  ])('normalise %j to %s', (input, expected) => {
    expect(normaliseRecoveryCode(input)).toBe(expected);
  });

  it.each(['', 'abcde-0123', 'abcde-012345', 'abcdg-01234', 'abc-de01234', 'abcde--01234', '123456'])('refuse %j', (input) => {
    expect(normaliseRecoveryCode(input)).toBeNull();
  });

  it('format back with the hyphen and download one per line', () => {
    expect(formatRecoveryCode('abcde01234')).toBe('abcde-01234');
    const file = recoveryCodesFile(['a', 'b'], { siteName: 'Hubbub', siteUrl: 'https://hubbub.example', account: 'octocat', date: '2025-04-05' });
    expect(file.split('\n').slice(0, 4)).toEqual(['Hubbub recovery codes', 'Site: Hubbub (https://hubbub.example)', 'Account: @octocat', 'Generated: 2025-04-05']);
    expect(file.endsWith('\na\nb\n')).toBe(true);
  });

  it('names the file after the product, as github-recovery-codes.txt', () => {
    expect(recoveryCodesFileName('GitHub')).toBe('github-recovery-codes.txt');
    expect(recoveryCodesFileName('Account')).toBe('account-recovery-codes.txt');
    expect(recoveryCodesFileName('Café Accounts!')).toBe('cafe-accounts-recovery-codes.txt');
    expect(recoveryCodesFileName('../..')).toBe('account-recovery-codes.txt');
  });
});
