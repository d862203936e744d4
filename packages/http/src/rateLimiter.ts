import { AppError } from '@recovery/core/errors';

export interface RateLimitRow {
  key: string;
  count: number;
  windowStart: Date;
  lockedUntil: Date | null;
  lockCount: number;
}

/**
 * The table operations the limiter needs. Both services' Prisma delegates (`RateLimit`,
 * `PartnerRateLimit`) satisfy it; every step is a single-row atomic statement, so the limits
 * hold however many instances share the database.
 */
export interface RateLimitTable {
  findUnique(args: { where: { key: string } }): Promise<RateLimitRow | null>;
  upsert(args: {
    where: { key: string };
    create: { key: string; count: number; windowStart: Date };
    update: { count: { increment: number } };
  }): Promise<RateLimitRow>;
  updateMany(args: {
    where: { key: string; windowStart?: Date; lockCount?: number; lockedUntil?: null; count?: { gt: number } };
    data: { count?: number | { decrement: number }; windowStart?: Date; lockedUntil?: Date | null; lockCount?: number };
  }): Promise<{ count: number }>;
  deleteMany(args: { where: { key: string } }): Promise<{ count: number }>;
}

export interface RateLimitPolicy {
  /** Failures allowed in one window before the key is locked. */
  maxFailures: number;
  windowMs: number;
  /** First lock length; each further lock in a row doubles it, up to `maxLockMs`. */
  lockMs: number;
  maxLockMs: number;
  /**
   * After this many locks in a row the key stays locked until `reset` (a ceiling on consecutive
   * failures, as NIST SP 800-63B asks for: maxFailures × maxLocks).
   */
  maxLocks?: number;
  /** What the refusal says, e.g. "Too many sign-in attempts". */
  message: string;
}

/** A lock that only `reset` lifts (100 years). */
const permanentMs = 100 * 365 * 24 * 3_600_000;

/** One counted attempt, reserved before the secret is checked; settle it with the outcome. */
export interface LimitedAttempt {
  /** The attempt failed: it stays counted, and the key locks if this was the last one allowed. */
  failed(): Promise<boolean>;
  /** The attempt succeeded: `reset` forgets the key's failures, `refund` uncounts this one only. */
  succeeded(mode: 'reset' | 'refund'): Promise<void>;
  /** The attempt never happened (an earlier check refused the request): uncount it. */
  cancel(): Promise<void>;
}

/**
 * Failure counters in the database. An attempt is counted BEFORE the secret is checked (one
 * atomic increment) and refused when it would go past the limit, so any number of concurrent
 * requests, on any number of instances, gets at most `maxFailures` checks before the lock.
 */
export class RateLimiter {
  constructor(
    private readonly table: RateLimitTable,
    readonly policy: RateLimitPolicy,
    private readonly now: () => Date,
  ) {}

  private refusal(untilMs: number, nowMs: number): AppError {
    return new AppError('rate_limited', `${this.policy.message}; try again later`, { retryAfter: Math.max(1, Math.ceil((untilMs - nowMs) / 1000)) });
  }

  /** Throws `rate_limited` (with the seconds to wait) while the key is locked. */
  async assertAllowed(key: string): Promise<void> {
    const row = await this.table.findUnique({ where: { key } });
    const nowMs = this.now().getTime();
    if (row?.lockedUntil && row.lockedUntil.getTime() > nowMs) throw this.refusal(row.lockedUntil.getTime(), nowMs);
  }

  /** Reserves one attempt: refused while locked, or when the limit's attempts are all taken. */
  async attempt(key: string): Promise<LimitedAttempt> {
    const now = this.now();
    const nowMs = now.getTime();
    const current = await this.table.findUnique({ where: { key } });
    if (current?.lockedUntil && current.lockedUntil.getTime() > nowMs) throw this.refusal(current.lockedUntil.getTime(), nowMs);
    if (current && (current.lockedUntil !== null || nowMs - current.windowStart.getTime() >= this.policy.windowMs)) {
      // The lock ran out or the window passed: count afresh. Conditional, so one instance wins.
      await this.table.updateMany({
        where: { key, windowStart: current.windowStart, lockCount: current.lockCount },
        data: { count: 0, windowStart: now, lockedUntil: null },
      });
    }
    const row = await this.table.upsert({ where: { key }, create: { key, count: 1, windowStart: now }, update: { count: { increment: 1 } } });
    if (row.lockedUntil && row.lockedUntil.getTime() > nowMs) throw this.refusal(row.lockedUntil.getTime(), nowMs);
    if (row.count > this.policy.maxFailures) {
      // Every allowed attempt is already taken (in flight or failed): this one is not checked.
      await this.uncount(key);
      throw this.refusal(nowMs + this.policy.lockMs, nowMs);
    }
    return {
      failed: () => this.lockIfExhausted(key),
      succeeded: (mode) => (mode === 'reset' ? this.reset(key) : this.uncount(key)),
      cancel: () => this.uncount(key),
    };
  }

  private async uncount(key: string): Promise<void> {
    await this.table.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
  }

  /** Locks once the counted failures reach the limit (read afresh: whichever attempt got there). */
  private async lockIfExhausted(key: string): Promise<boolean> {
    const row = await this.table.findUnique({ where: { key } });
    if (!row || row.count < this.policy.maxFailures || row.lockedUntil !== null) return false;
    const lockCount = row.lockCount;
    const nowMs = this.now().getTime();
    const ceilingReached = this.policy.maxLocks !== undefined && lockCount + 1 >= this.policy.maxLocks;
    const lockMs = ceilingReached ? permanentMs : Math.min(this.policy.lockMs * 2 ** lockCount, this.policy.maxLockMs);
    const locked = await this.table.updateMany({
      where: { key, lockCount, lockedUntil: null },
      data: { lockedUntil: new Date(nowMs + lockMs), lockCount: lockCount + 1 },
    });
    return locked.count === 1;
  }

  /** Counts one failure without a reservation (for limits on how often something is done). */
  async recordFailure(key: string): Promise<boolean> {
    const attempt = await this.attempt(key);
    return attempt.failed();
  }

  /** The attempts the key has counted in its current window (failed or in flight); 0 if none. */
  async failureCount(key: string): Promise<number> {
    return (await this.table.findUnique({ where: { key } }))?.count ?? 0;
  }

  /** Forgets the key's failures (after a success, where the policy allows that). */
  async reset(key: string): Promise<void> {
    await this.table.deleteMany({ where: { key } });
  }
}
