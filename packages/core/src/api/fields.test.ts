import { describe, expect, it } from 'vitest';
import { signUpRequest } from './auth.ts';

describe('sign-up fields', () => {
  const ok = { username: 'mona-lisa', email: 'mona@example.com', password: 'correct horse' };

  it('accepts a GitHub-style username, an email and a long enough password', () => {
    expect(signUpRequest.parse(ok)).toEqual(ok);
  });

  it.each([
    ['-mona', 'leading hyphen'],
    ['mona-', 'trailing hyphen'],
    ['mo--na', 'double hyphen'],
    ['mona lisa', 'space'],
    ['a'.repeat(40), 'too long'],
    ['', 'empty'],
  ])('refuses the username %j (%s)', (username) => {
    expect(signUpRequest.safeParse({ ...ok, username }).success).toBe(false);
  });

  it('refuses short passwords, bad emails and unknown fields', () => {
    expect(signUpRequest.safeParse({ ...ok, password: 'short' }).success).toBe(false);
    expect(signUpRequest.safeParse({ ...ok, email: 'not-an-email' }).success).toBe(false);
    expect(signUpRequest.safeParse({ ...ok, role: 'staff' }).success).toBe(false);
  });
});
