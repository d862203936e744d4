import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from './clientInfo.ts';
import { verifyPassword } from './passwords.ts';
import { limitAddress } from './addressKey.ts';
import { sha256Hex } from './secrets.ts';
import { RateLimiter } from './rateLimiter.ts';
import type { RateLimitTable } from './rateLimiter.ts';

const minute = 60_000;

export interface PasswordLimits {
  signInPerAccount: RateLimiter;
  signInPerAddress: RateLimiter;
}

/**
 * Password guessing limits, the same for both services: 10 failures in 15 minutes lock an
 * account's password step for 15 minutes, doubling up to an hour; one address gets 50 failures
 * per 15 minutes across all accounts. Counted in the service's own table, so they hold across
 * instances.
 */
export function passwordLimits(table: RateLimitTable, now: () => Date): PasswordLimits {
  return {
    signInPerAccount: new RateLimiter(table, { maxFailures: 10, windowMs: 15 * minute, lockMs: 15 * minute, maxLockMs: 60 * minute, message: 'Too many failed sign-in attempts for this account' }, now),
    signInPerAddress: new RateLimiter(table, { maxFailures: 50, windowMs: 15 * minute, lockMs: 15 * minute, maxLockMs: 60 * minute, message: 'Too many failed sign-in attempts from this address' }, now),
  };
}

export function passwordAccountKey(userId: string): string {
  return `signin:user:${userId}`;
}

/**
 * The password step. Each guess is counted before the password is checked (per address, then
 * per account), so concurrent guesses cannot overshoot the limits; the refusal does not say
 * whether the account exists, and an unknown account costs the same hashing time.
 */
export async function checkPassword<U extends { id: string; passwordHash: string }>(
  limits: PasswordLimits,
  login: string,
  findUser: () => Promise<U | null>,
  password: string,
  client: ClientInfo,
): Promise<U> {
  const address = await limits.signInPerAddress.attempt(`signin:ip:${limitAddress(client.ip)}`);
  const user = await findUser();
  let account;
  try {
    // An unknown login is counted like an account (by the login typed), so a lock appears for
    // names that do not exist too, and "Too many attempts for this account" reveals nothing.
    account = await limits.signInPerAccount.attempt(user ? passwordAccountKey(user.id) : `signin:login:${sha256Hex(login.trim().toLowerCase())}`);
  } catch (error) {
    await address.cancel();
    throw error;
  }
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid) {
    await address.failed();
    await account.failed();
    throw new AppError('invalid_credentials', 'Incorrect username or password');
  }
  await address.succeeded('refund');
  await account.succeeded('reset');
  return user;
}
