import { describe, expect, it } from 'vitest';
import { RECOVER_MAX_AUTH_AGE_MS, needsSignIn } from './needsSignIn.ts';
import type { SignInState } from './needsSignIn.ts';

const now = new Date('2026-11-28T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const base: SignInState = { authTime: ago(60_000), signedInDuringRequest: false, promptLogin: false, maxAgeSeconds: undefined, purpose: 'save', now };

describe('needsSignIn', () => {
  it('asks a visitor to sign in, and lets a signed-in user save without signing in again', () => {
    expect(needsSignIn({ ...base, authTime: null })).toBe(true);
    expect(needsSignIn({ ...base, authTime: null, signedInDuringRequest: true })).toBe(true);
    expect(needsSignIn({ ...base, authTime: ago(10 * 24 * 3_600_000) })).toBe(false);
  });

  it('honours prompt=login: only a sign-in during this request will do', () => {
    expect(needsSignIn({ ...base, promptLogin: true, authTime: ago(0) })).toBe(true);
    expect(needsSignIn({ ...base, promptLogin: true, signedInDuringRequest: true })).toBe(false);
  });

  it('honours max_age, including max_age=0', () => {
    expect(needsSignIn({ ...base, maxAgeSeconds: 120, authTime: ago(119_000) })).toBe(false);
    expect(needsSignIn({ ...base, maxAgeSeconds: 120, authTime: ago(121_000) })).toBe(true);
    expect(needsSignIn({ ...base, maxAgeSeconds: 0, authTime: ago(1_000) })).toBe(true);
    expect(needsSignIn({ ...base, maxAgeSeconds: 0, authTime: ago(1_000), signedInDuringRequest: true })).toBe(false);
  });

  it('wants a sign-in at most five minutes old for a recovery', () => {
    expect(needsSignIn({ ...base, purpose: 'recover', authTime: ago(RECOVER_MAX_AUTH_AGE_MS) })).toBe(false);
    expect(needsSignIn({ ...base, purpose: 'recover', authTime: ago(RECOVER_MAX_AUTH_AGE_MS + 1_000) })).toBe(true);
  });
});
