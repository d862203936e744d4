import { RateLimiter, limitAddress, rateLimitTable } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const minute = 60_000;

/**
 * The counter a failed passkey sign-in counts on: the client address only, with the 2FA step's
 * per-address policy (20 failures per 15 minutes) under a key of its own. Never a per-account
 * counter: before the passkey answers nobody is identified, and a stranger cannot make a valid
 * assertion for the owner's credential, so counting failures against the account a credential
 * names would only let anyone who knows a credential id lock its owner out.
 */
export function passkeyAddressKey(ip: string): string {
  return `passkey:ip:${limitAddress(ip)}`;
}

/**
 * Passkey sign-in challenges are handed to anyone (the sign-in page asks for one on every load),
 * and each is a row until it is spent or expires: 600 per address per 15 minutes (a page load
 * every 1.5 seconds, for the many people behind one address) bounds what one address can make
 * the database hold.
 */
export function passkeyChallengeLimit(ctx: Pick<AccountContext, 'db' | 'now'>): { limiter: RateLimiter; key(ip: string): string } {
  const limiter = new RateLimiter(
    rateLimitTable(ctx.db, 'RateLimit'),
    { maxFailures: 600, windowMs: 15 * minute, lockMs: 15 * minute, maxLockMs: 15 * minute, message: 'Too many passkey sign-in requests from this address' },
    ctx.now,
  );
  return { limiter, key: (ip) => `passkey-challenge:ip:${limitAddress(ip)}` };
}
