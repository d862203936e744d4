import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from './clientInfo.ts';
import { verifyPassword } from './passwords.ts';
import { limitAddress } from './addressKey.ts';
import { sha256Hex } from './secrets.ts';
import type { SqlStatement } from '@recovery/db';
import { RateLimiter, reserveAttempts } from './rateLimiter.ts';
import type { KeyedLimiter, RateLimitTable } from './rateLimiter.ts';
import { successStatement } from './rateLimitStatements.ts';

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

/**
 * The account's password counter. Browsers the owner has signed in from before count apart
 * (rule: a failure a stranger can cause must not block the owner's known browser), as the 2FA
 * step's do: anyone who knows the username can fail 10 passwords, but not from the owner's browser.
 */
export function passwordAccountKey(userId: string, knownDevice = false): string {
  return knownDevice ? `signin:user:${userId}:known` : `signin:user:${userId}`;
}

/** The key prefixes of the password step's limits, each with its limiter (for sweeping, see rateLimitSweep). */
export function passwordLimitPrefixes(limits: PasswordLimits): Record<string, RateLimiter> {
  return { 'signin:user:': limits.signInPerAccount, 'signin:login:': limits.signInPerAccount, 'signin:ip:': limits.signInPerAddress };
}

/** The limits a password guess counts against: the address, then the account (or the login typed). */
export function passwordAttemptKeys(limits: PasswordLimits, login: string, userId: string | null, ip: string, knownDevice = false): KeyedLimiter[] {
  return [
    { limiter: limits.signInPerAddress, key: `signin:ip:${limitAddress(ip)}` },
    // An unknown login is counted like an account (by the login typed), so a lock appears for
    // names that do not exist too, and "Too many attempts for this account" reveals nothing.
    { limiter: limits.signInPerAccount, key: userId ? passwordAccountKey(userId, knownDevice) : `signin:login:${sha256Hex(login.trim().toLowerCase())}` },
  ];
}

/**
 * The password step. The guess is reserved before the password is checked (per address and per
 * account, in one transaction), so concurrent guesses cannot overshoot the limits; a wrong
 * password is settled as a failure in one more and refused without saying whether the account
 * exists (an unknown account costs the same hashing time). A right one returns the statement
 * that settles the limits (the address's attempt ends, the account's failures are forgotten),
 * for the caller to commit with the rest of the sign-in. `knownDevice`: the browser carries a
 * device cookie the owner signed in with before (see passwordAccountKey).
 */
export async function verifyPasswordAttempt<U extends { id: string; passwordHash: string }>(
  limits: PasswordLimits,
  login: string,
  user: U | null,
  password: string,
  client: ClientInfo,
  knownDevice = false,
): Promise<{ user: U; settle: SqlStatement }> {
  const [address, account] = passwordAttemptKeys(limits, login, user?.id ?? null, client.ip, knownDevice && user !== null) as [KeyedLimiter, KeyedLimiter];
  const { sql } = limits.signInPerAccount.table;
  await reserveAttempts(sql, [], [address, account]);
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid) {
    await sql.transaction([{ statement: address.limiter.failure(address.key) }, { statement: account.limiter.failure(account.key) }]);
    throw new AppError('invalid_credentials', 'Incorrect username or password');
  }
  return { user, settle: successStatement(limits.signInPerAccount.table.name, [address.key, account.key], [account.key]) };
}
