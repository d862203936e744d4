import { RateLimiter, limitAddress } from '@recovery/http';
import type { RateLimitTable } from '@recovery/http';

const hour = 3_600_000;

/**
 * Sign-ups per client address (`SIGN_UPS_PER_ADDRESS_PER_HOUR`, 10 in production), whatever their outcome. Each one costs an argon2 hash
 * and may send mail, and each answer says whether an email is registered, so this also bounds
 * how fast one address can test emails (rule: README "Sign-up and email enumeration").
 */
export function signUpLimit(table: RateLimitTable, perHour: number, now: () => Date): RateLimiter {
  return new RateLimiter(table, { maxFailures: perHour, windowMs: hour, lockMs: hour, maxLockMs: 4 * hour, message: 'Too many sign-ups from this address' }, now);
}

export function signUpAddressKey(ip: string): string {
  return `signup:ip:${limitAddress(ip)}`;
}
