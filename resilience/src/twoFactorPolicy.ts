import { maxFailuresPerPendingSignIn, twoFactorAccountPolicy, twoFactorAddressPolicy } from '@recovery/account/twoFactor/twoFactorLimits';
import type { RateLimitPolicy } from '@recovery/http';

const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** The numbers of one limiter: @recovery/http's RateLimitPolicy. */
export type LimitPolicy = Pick<RateLimitPolicy, 'maxFailures' | 'windowMs' | 'lockMs' | 'maxLockMs' | 'maxLocks'>;

/**
 * A window this long never closes by itself: the failures are consecutive, only a success (or a
 * lock running out) starts the count again. The per-account policy uses 100 years for that.
 */
export function isConsecutive(policy: LimitPolicy): boolean {
  return policy.windowMs >= 10 * 365 * day;
}

/**
 * The 2FA limits exactly as apps/account/src/twoFactor/twoFactorLimits.ts configures them (the
 * policies are imported, not restated). lockoutPolicy.test.ts drives the real limiters with them
 * and pins the numbers the README states, so the code and the README cannot part ways unnoticed.
 */
export const twoFactorPolicy = {
  perSignIn: maxFailuresPerPendingSignIn,
  perAccount: twoFactorAccountPolicy,
  perAddress: twoFactorAddressPolicy,
} as const;

/** NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one account. */
export const nistCeiling = 100;

export interface Schedule {
  /** When each guess is made (ms from the first), for an attacker who guesses whenever allowed. */
  guessTimes: number[];
  /** When the key locks for good (the ceiling), if within the horizon. */
  lockedForGoodAt: number | undefined;
}

/**
 * Guess as soon as the limiter allows, until `horizonMs`: a burst of `maxFailures`, then wait out
 * the lock (lockMs, doubling, capped at maxLockMs), again and again, until the ceiling.
 * (A burst is the fastest way through a limiter whose lock restarts its window.)
 */
export function burstSchedule(policy: LimitPolicy, horizonMs: number): Schedule {
  const guessTimes: number[] = [];
  let t = 0;
  for (let locks = 0; t < horizonMs; ) {
    for (let i = 0; i < policy.maxFailures; i++) guessTimes.push(t);
    locks++;
    if (policy.maxLocks !== undefined && locks >= policy.maxLocks) return { guessTimes, lockedForGoodAt: t };
    t += Math.min(policy.lockMs * 2 ** (locks - 1), policy.maxLockMs);
  }
  return { guessTimes, lockedForGoodAt: undefined };
}

/** Guesses made before `ms`. */
export function guessesWithin(schedule: Schedule, ms: number): number {
  return schedule.guessTimes.filter((t) => t < ms).length;
}

/**
 * For a limiter with a window, staying one under the limit per window never locks:
 * (maxFailures - 1) guesses per window, forever; with consecutive failures, only maxFailures - 1 ever.
 */
export function pacedGuessesPer(policy: LimitPolicy, ms: number): number {
  return isConsecutive(policy) ? policy.maxFailures - 1 : (policy.maxFailures - 1) * Math.floor(ms / policy.windowMs);
}

/**
 * A 6-digit TOTP checked at ±1 time step accepts 3 codes of 10^6 at any moment (fewer once a step
 * is spent). n independent guesses succeed with probability 1 − (1 − 3/10^6)^n.
 */
export const acceptedCodes = 3;
export const codeSpace = 1_000_000;
export function successProbability(guesses: number): number {
  return 1 - (1 - acceptedCodes / codeSpace) ** guesses;
}
