import { describe, expect, it } from 'vitest';
import { isAppError } from '@recovery/core/errors';
import { TOO_COMMON_MESSAGE, guessablePassword, refuseGuessablePassword } from './passwordStrength.ts';

describe('refusing common and guessable passwords (NIST SP 800-63B §3.1.1.2)', () => {
  it.each(['password', 'password123', 'qwertyuiop', 'iloveyou1', 'P@ssw0rd', '12345678', 'drowssap'])('refuses %s as too common', (password) => {
    expect(guessablePassword(password)).toBe('common');
    try {
      refuseGuessablePassword(password, 'password');
      expect.unreachable('refused');
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('password_too_common');
      expect(isAppError(error) && error.status).toBe(400);
      expect((error as Error).message).toBe(TOO_COMMON_MESSAGE);
      expect(isAppError(error) && error.fields).toEqual([{ path: 'password', message: TOO_COMMON_MESSAGE }]);
    }
  });

  it.each(['hunter22', 'dragon2024', 'stubborn1', 'letmein!'])('refuses %s as too easy to guess (under a million guesses)', (password) => {
    expect(guessablePassword(password)).toBe('weak');
  });

  it('counts the username and email as guessable', () => {
    expect(guessablePassword('octopus-garden', ['octopus-garden', 'octo@example.com'])).not.toBeNull();
  });

  it.each([
    'a long enough password',
    'an even longer new password',
    'mona-demo-password',
    'support-demo-password',
    'mona-partner-password',
    'a long enough e2e password',
    'a different e2e password',
    'bench password, long enough',
    'correct horse battery staple',
    'xk7#Qp9vLm',
  ])('accepts %s (the demo, test and e2e passwords among them)', (password) => {
    expect(guessablePassword(password)).toBeNull();
    expect(() => refuseGuessablePassword(password, 'password')).not.toThrow();
  });
});
