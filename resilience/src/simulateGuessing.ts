import { isAppError } from '@recovery/core/errors';
import type { RateLimiter } from '@recovery/http';

export interface SimulatedClock {
  now: Date;
}

/** A refusal's wait in ms, or rethrows anything that is not a `rate_limited` refusal. */
function refusalWaitMs(error: unknown): number {
  if (!isAppError(error) || error.code !== 'rate_limited' || error.retryAfter === undefined) throw error;
  return error.retryAfter * 1000;
}

/**
 * Drives a real limiter (on a real database) with a simulated clock, as the services use it: an
 * attacker reserves a guess with `attempt()` whenever the limiter lets them, every guess fails
 * (`failed()`), and a lock is waited out by moving the clock. Returns when each guess happened
 * and when (if) the key locked for good.
 */
export async function simulateBurstAttacker(
  limiter: RateLimiter,
  key: string,
  clock: SimulatedClock,
  horizonMs: number,
): Promise<{ guessTimes: number[]; lockedForGoodAt: number | undefined }> {
  const start = clock.now.getTime();
  const guessTimes: number[] = [];
  for (;;) {
    const elapsed = clock.now.getTime() - start;
    if (elapsed >= horizonMs) return { guessTimes, lockedForGoodAt: undefined };
    let attempt;
    try {
      attempt = await limiter.attempt(key);
    } catch (error) {
      const waitMs = refusalWaitMs(error);
      // A lock longer than ten years is the ceiling's "until reset".
      if (waitMs > 10 * 365 * 24 * 3_600_000) return { guessTimes, lockedForGoodAt: guessTimes.at(-1) ?? 0 };
      clock.now = new Date(clock.now.getTime() + waitMs);
      continue;
    }
    guessTimes.push(elapsed);
    await attempt.failed();
  }
}

export interface ConcurrentOutcome {
  /** Reservations granted: guesses whose secret would have been checked. */
  granted: number;
  /** Reservations refused with `rate_limited`. */
  refused: number;
  /** How many `failed()` calls reported that they locked the key. */
  locksSet: number;
}

/**
 * `count` guesses at the same moment on one key, each reserved with `attempt()` and, when
 * granted, settled as a failure: what a burst of simultaneous wrong codes does to the limiter.
 */
export async function concurrentFailures(limiter: RateLimiter, key: string, count: number): Promise<ConcurrentOutcome> {
  const outcomes = await Promise.all(
    Array.from({ length: count }, async () => {
      let attempt;
      try {
        attempt = await limiter.attempt(key);
      } catch (error) {
        refusalWaitMs(error);
        return 'refused' as const;
      }
      return (await attempt.failed()) ? ('locked' as const) : ('granted' as const);
    }),
  );
  const locksSet = outcomes.filter((o) => o === 'locked').length;
  return { granted: outcomes.filter((o) => o !== 'refused').length, refused: outcomes.filter((o) => o === 'refused').length, locksSet };
}
