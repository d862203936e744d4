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
    where: { key: string; windowStart?: Date; lockCount?: number };
    data: { count?: number; windowStart?: Date; lockedUntil?: Date | null; lockCount?: number };
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

export class RateLimiter {
  constructor(
    private readonly table: RateLimitTable,
    private readonly policy: RateLimitPolicy,
    private readonly now: () => Date,
  ) {}

  /** Throws `rate_limited` (with the seconds to wait) while the key is locked. */
  async assertAllowed(key: string): Promise<void> {
    const row = await this.table.findUnique({ where: { key } });
    const waitMs = row?.lockedUntil ? row.lockedUntil.getTime() - this.now().getTime() : 0;
    if (waitMs > 0) {
      throw new AppError('rate_limited', `${this.policy.message}; try again later`, { retryAfter: Math.ceil(waitMs / 1000) });
    }
  }

  /** Counts one failure; returns true when this failure locked the key. */
  async recordFailure(key: string): Promise<boolean> {
    const now = this.now();
    let row = await this.table.upsert({
      where: { key },
      create: { key, count: 1, windowStart: now },
      update: { count: { increment: 1 } },
    });
    if (now.getTime() - row.windowStart.getTime() >= this.policy.windowMs) {
      // A stale window restarts at this failure; the conditional update lets one instance win.
      await this.table.updateMany({ where: { key, windowStart: row.windowStart }, data: { count: 1, windowStart: now } });
      row = { ...row, count: 1, windowStart: now };
    }
    if (row.count < this.policy.maxFailures) return false;
    const ceilingReached = this.policy.maxLocks !== undefined && row.lockCount + 1 >= this.policy.maxLocks;
    const lockMs = ceilingReached ? permanentMs : Math.min(this.policy.lockMs * 2 ** row.lockCount, this.policy.maxLockMs);
    const locked = await this.table.updateMany({
      where: { key, windowStart: row.windowStart, lockCount: row.lockCount },
      data: { count: 0, windowStart: now, lockedUntil: new Date(now.getTime() + lockMs), lockCount: row.lockCount + 1 },
    });
    return locked.count === 1;
  }

  /** Forgets the key's failures (after a success, where the policy allows that). */
  async reset(key: string): Promise<void> {
    await this.table.deleteMany({ where: { key } });
  }
}
