import { AppError } from '@recovery/core/errors';
import { asDate, asNumber, sqlDriverOf } from '@recovery/db';
import type { SqlDriver, SqlResult, SqlStatement, SqlStep, TransactionOptions } from '@recovery/db';
import { failureStatement, grantedPredicate, readStatement, reserveStatement, successStatement } from './rateLimitStatements.ts';
import type { LimitKey } from './rateLimitStatements.ts';

/**
 * Where a service keeps its counters: a table with the RateLimit columns (Prisma owns its
 * schema), reached through the SQL driver that shares the service's database connection.
 */
export interface RateLimitTable {
  sql: SqlDriver;
  name: string;
}

/** The table `name` of the database behind this Prisma client. */
export function rateLimitTable(client: object, name: string): RateLimitTable {
  return { sql: sqlDriverOf(client), name };
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

/** One counted attempt, reserved before the secret is checked; settle it with the outcome. */
export interface LimitedAttempt {
  /** The attempt failed: it counts as a failure, and the key locks if this was the last one allowed. */
  failed(): Promise<boolean>;
  /** The attempt succeeded: `reset` forgets the key's failures, `refund` only ends this attempt. */
  succeeded(mode: 'reset' | 'refund'): Promise<void>;
  /** The attempt never happened (an earlier check refused the request): uncount it. */
  cancel(): Promise<void>;
}

export type ReservationVerdict = 'granted' | 'locked' | 'busy';

/**
 * How long a reservation waits for attempts in flight to settle before it is refused: about a
 * client's patience. Honest bursts (many people behind one address) wait; guessing cannot
 * profit, since only settled failures lock and a lock refuses at once.
 */
const busyWaitMs = 30_000;

/**
 * Until the next commit on this database from this process (an attempt in flight may have
 * settled), or `ms` for settlements by other instances, whichever comes first.
 */
function nextCommit(sql: SqlDriver, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = sql.observe({ statement: () => undefined, commit: done });
  });
}

/**
 * Failure counters in the database. An attempt is reserved BEFORE the secret is checked (one
 * atomic upsert) and only granted while failures plus attempts in flight stay within the limit,
 * so any number of concurrent requests, on any number of instances, gets at most `maxFailures`
 * checks before the lock. Attempts in flight are not failures: a reservation that finds every
 * slot in flight waits for them to settle, so a burst of correct codes all pass, and only
 * settled failures lock. A reservation never settled (a killed process) expires on its own.
 */
export class RateLimiter {
  constructor(
    readonly table: RateLimitTable,
    readonly policy: RateLimitPolicy,
    private readonly now: () => Date,
  ) {}

  refusal(untilMs: number, nowMs = this.now().getTime()): AppError {
    return new AppError('rate_limited', `${this.policy.message}; try again later`, { retryAfter: Math.max(1, Math.ceil((untilMs - nowMs) / 1000)) });
  }

  /** The reservation of one attempt on `key`, as a step of a transaction: refused unless granted. */
  reservation(key: LimitKey): SqlStep {
    const now = this.now();
    return {
      statement: reserveStatement(this.table.name, key, this.policy, now),
      accept: (result) => this.verdict(result, now) === 'granted',
      serverCheck: { oneRow: true, where: grantedPredicate(this.policy, now) },
    };
  }

  verdict(result: SqlResult, now = this.now()): ReservationVerdict {
    const row = result.rows[0];
    if (!row) return 'busy';
    const lockedUntil = asDate(row.lockedUntil);
    const failures = asNumber(row.count);
    if ((lockedUntil && lockedUntil > now) || failures >= this.policy.maxFailures) return 'locked';
    return failures + asNumber(row.inFlight) > this.policy.maxFailures ? 'busy' : 'granted';
  }

  /** The refusal for a reservation that was not granted (see `reserveAttempts`). */
  refusalFor(result: SqlResult): AppError {
    const lockedUntil = asDate(result.rows[0]?.lockedUntil);
    const nowMs = this.now().getTime();
    return this.refusal(lockedUntil && lockedUntil.getTime() > nowMs ? lockedUntil.getTime() : nowMs + this.policy.lockMs, nowMs);
  }

  failure(key: string): SqlStatement {
    return failureStatement(this.table.name, key, this.policy, this.now());
  }

  /** Whether a settled failure (the row `failure` returned) is the one that locked the key. */
  lockedBy(result: SqlResult): boolean {
    const row = result.rows[0];
    return row !== undefined && asNumber(row.count) === this.policy.maxFailures && asDate(row.lockedUntil) !== null;
  }

  /** Throws `rate_limited` (with the seconds to wait) while the key is locked. */
  async assertAllowed(key: string): Promise<void> {
    const { rows } = await this.table.sql.query(readStatement(this.table.name, key));
    const lockedUntil = asDate(rows[0]?.lockedUntil);
    const nowMs = this.now().getTime();
    if (lockedUntil && lockedUntil.getTime() > nowMs) throw this.refusal(lockedUntil.getTime(), nowMs);
  }

  /** Reserves one attempt: refused while locked, or when the limit's attempts stay taken. */
  async attempt(key: string): Promise<LimitedAttempt> {
    await reserveAttempts(this.table.sql, [], [{ limiter: this, key }]);
    const settle = (released: string[], reset: string[]) => this.table.sql.query(successStatement(this.table.name, released, reset)).then(() => undefined);
    return {
      failed: async () => this.lockedBy(await this.table.sql.query(this.failure(key))),
      succeeded: (mode) => settle([key], mode === 'reset' ? [key] : []),
      cancel: () => settle([key], []),
    };
  }

  /**
   * Counts one failure (for limits on how often something is done), refused while locked. The
   * reservation and the failure commit together: nothing is checked between them, so a second
   * commit would only be a second flush to disk. Returns whether this failure locked the key.
   */
  async recordFailure(key: string): Promise<boolean> {
    const done = await reserveAttempts(this.table.sql, [], [{ limiter: this, key }], () => [{ statement: this.failure(key) }]);
    return done.granted && this.lockedBy(done.results.at(-1)!);
  }

  /** Forgets the key's failures and locks (after a success, where the policy allows that). */
  async reset(key: string): Promise<void> {
    await this.table.sql.query(successStatement(this.table.name, [], [key]));
  }
}

export interface KeyedLimiter<Key extends LimitKey = string> {
  limiter: RateLimiter;
  key: Key;
}

/** A refusal carries the answers up to the refused step (a read in `first` comes back either way). */
export type Reservations = { granted: true; results: SqlResult[] } | { granted: false; refusedAt: number; result: SqlResult; results: SqlResult[] };

/**
 * Reserves one attempt on each limiter, after `first` (e.g. a per-sign-in counter), all in one
 * transaction: either every reservation is made or none is. A limiter whose slots are all in
 * flight is waited on (the attempts in flight settle within a request's time, or expire); a
 * locked one refuses with `rate_limited`. A refused `first` step is returned, not thrown, and so
 * is a limiter whose key query (LimitKey) named no key.
 * `after`: statements (nothing judges them) that commit with the reservations, made afresh for
 * each try (a wait makes their time stale). `options`: the transaction's (see TransactionOptions).
 */
export async function reserveAttempts(
  sql: SqlDriver,
  first: readonly SqlStep[],
  limited: readonly KeyedLimiter<LimitKey>[],
  after: () => readonly { statement: SqlStatement }[] = () => [],
  options: TransactionOptions = {},
): Promise<Reservations> {
  const deadline = Date.now() + busyWaitMs;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const outcome = await sql.transaction([...first, ...limited.map(({ limiter, key }) => limiter.reservation(key)), ...after()], options);
    if (outcome.committed) return { granted: true, results: outcome.results };
    const result = outcome.results[outcome.refusedAt]!;
    // A refused `first` step, or a key query that named no key (nothing to wait for), is returned.
    if (outcome.refusedAt < first.length || result.rows.length === 0) return { granted: false, refusedAt: outcome.refusedAt, result, results: outcome.results };
    const { limiter } = limited[outcome.refusedAt - first.length]!;
    if (limiter.verdict(result) === 'locked' || Date.now() >= deadline) throw limiter.refusalFor(result);
    await nextCommit(sql, wait * (0.5 + Math.random()));
  }
}
