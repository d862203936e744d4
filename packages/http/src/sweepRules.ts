import { joinSql, raw, sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import type { RateLimiter } from './rateLimiter.ts';
import type { SweptTable } from './sweeper.ts';

/** Rows past their `expiresAt` (a null `expiresAt` never expires). */
export function expiresAtSweep(table: string, key: string): SweptTable {
  return { table, key, expired: (now) => sql`("expiresAt" IS NOT NULL AND "expiresAt" <= ${now})` };
}

/** Sessions past their absolute expiry or idle longer than `idleMs`: the same test a request applies. */
export function sessionSweep(table: string, idleMs: number): SweptTable {
  return {
    table,
    key: 'idHash',
    expired: (now) => sql`("expiresAt" <= ${now} OR "lastSeenAt" <= ${new Date(now.getTime() - idleMs)})`,
  };
}

/** How long a key that was ever locked remembers its locks (for growing lock lengths) once quiet. */
export const lockMemoryMs = 30 * 24 * 3_600_000;

/** A window this long is one that never closes (DESIGN's "consecutive failures"). */
const neverClosesMs = 365 * 24 * 3_600_000;

/** The key prefixes of one rate-limit table, each with the limiter whose policy counts it. */
export type RateLimitPrefixes = Readonly<Record<string, RateLimiter>>;

/**
 * Rate-limit rows that are as good as absent. Never a row with an attempt in flight, nor one
 * locked. Any key whose count and lock count are 0 (a missing row starts the same way). A key
 * with failures only once its policy's window has passed (the next attempt would start afresh),
 * and a key that was locked only after `lockMemoryMs` without a new window or a lock (its lock
 * lengths would otherwise start again from the shortest). A key whose prefix is not listed, or
 * whose window never closes ("consecutive failures"), keeps its failures and locks for good.
 */
export function rateLimitSweep(table: string, prefixes: RateLimitPrefixes): SweptTable {
  return {
    table,
    key: 'key',
    expired(now) {
      const before = (ms: number) => new Date(now.getTime() - ms);
      const quiet: SqlStatement[] = [];
      for (const [prefix, limiter] of Object.entries(prefixes)) {
        const windowMs = limiter.policy.windowMs;
        if (windowMs >= neverClosesMs) continue;
        const memory = Math.max(windowMs, lockMemoryMs);
        quiet.push(sql`(substr("key", 1, ${prefix.length}) = ${prefix} AND (("lockCount" = 0 AND "windowStart" <= ${before(windowMs)}) OR ("windowStart" <= ${before(memory)} AND ("lockedUntil" IS NULL OR "lockedUntil" <= ${before(lockMemoryMs)}))))`);
      }
      const settled = sql`("inFlight" = 0 OR "inFlightUntil" IS NULL OR "inFlightUntil" <= ${now})`;
      const unlocked = sql`("lockedUntil" IS NULL OR "lockedUntil" <= ${now})`;
      const clean = raw('("count" = 0 AND "lockCount" = 0)');
      return sql`(${settled} AND ${unlocked} AND (${joinSql([clean, ...quiet], ' OR ')}))`;
    },
  };
}
