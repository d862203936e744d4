import { joinSql, raw, sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import type { RateLimitPolicy } from './rateLimiter.ts';

/** A lock that only `reset` lifts (100 years). */
export const permanentMs = 100 * 365 * 24 * 3_600_000;

/** A reservation that is never settled (the process died) stops counting after this long. */
export const reservationMs = 2 * 60_000;

/**
 * A limiter's key: the key itself, or a query for it (one column, `key`) that the reservation's
 * own transaction answers, so the reservation can go out before this process has read what the
 * key depends on. A query with no row reserves nothing (and the step is refused).
 */
export type LimitKey = string | SqlStatement;

/**
 * Reserves one attempt, in one statement: a lock that ran out or a window that passed starts the
 * failure count afresh, an expired reservation is forgotten, and (unless the key is locked) one
 * more attempt is counted in flight. The row it returns decides (see RateLimiter.verdict).
 */
export function reserveStatement(table: string, key: LimitKey, policy: RateLimitPolicy, now: Date): SqlStatement {
  const windowEdge = new Date(now.getTime() - policy.windowMs);
  const until = new Date(now.getTime() + reservationMs);
  const locked = sql`(r."lockedUntil" IS NOT NULL AND r."lockedUntil" > ${now})`;
  const fresh = sql`(NOT ${locked} AND (r."lockedUntil" IS NOT NULL OR r."windowStart" <= ${windowEdge}))`;
  const live = sql`(CASE WHEN r."inFlightUntil" IS NOT NULL AND r."inFlightUntil" > ${now} THEN r."inFlight" ELSE 0 END)`;
  // SQLite reads `ON CONFLICT` after a SELECT's FROM as a join's; the WHERE ends the SELECT.
  const row =
    typeof key === 'string' ? sql`VALUES (${key}, 0, ${now}, NULL, 0, 1, ${until})` : sql`SELECT k."key", 0, ${now}, NULL, 0, 1, ${until} FROM (${key}) AS k WHERE true`;
  return sql`INSERT INTO ${raw(`"${table}"`)} AS r ("key", "count", "windowStart", "lockedUntil", "lockCount", "inFlight", "inFlightUntil") ${row}
ON CONFLICT ("key") DO UPDATE SET
"count" = CASE WHEN ${fresh} THEN 0 ELSE r."count" END,
"windowStart" = CASE WHEN ${fresh} THEN ${now} ELSE r."windowStart" END,
"lockedUntil" = CASE WHEN ${fresh} THEN NULL ELSE r."lockedUntil" END,
"inFlight" = CASE WHEN ${locked} THEN ${live} ELSE ${live} + 1 END,
"inFlightUntil" = CASE WHEN ${locked} THEN r."inFlightUntil" ELSE ${until} END
RETURNING "count", "lockedUntil", "inFlight"`;
}

/**
 * RateLimiter.verdict's "granted" over the row a reservation returns, for PostgreSQL to judge in
 * the reservation's own statement (a `OneRowRule`), so the reservation can be sent with its
 * COMMIT: not locked, failures under the limit, and failures plus attempts in flight (this one
 * included) within it.
 */
export function grantedPredicate(policy: RateLimitPolicy, now: Date): SqlStatement {
  return sql`NOT ("lockedUntil" IS NOT NULL AND "lockedUntil" > ${now}) AND "count" < ${policy.maxFailures} AND "count" + "inFlight" <= ${policy.maxFailures}`;
}

/** The lock's end for each number of locks in a row: doubling from `lockMs` up to `maxLockMs`, then for good. */
function lockEnd(policy: RateLimitPolicy, now: Date): SqlStatement {
  const at = (ms: number) => new Date(now.getTime() + ms);
  const cases: SqlStatement[] = [];
  if (policy.maxLocks !== undefined) cases.push(sql`WHEN "lockCount" >= ${policy.maxLocks - 1} THEN ${at(permanentMs)}`);
  for (let locks = 0; policy.lockMs * 2 ** locks < policy.maxLockMs; locks++) {
    cases.push(sql`WHEN "lockCount" = ${locks} THEN ${at(policy.lockMs * 2 ** locks)}`);
  }
  // A lock that never grows (lockMs = maxLockMs, no ceiling) has no cases: CASE needs a WHEN.
  if (cases.length === 0) return sql`${at(policy.maxLockMs)}`;
  return sql`CASE ${joinSql(cases, ' ')} ELSE ${at(policy.maxLockMs)} END`;
}

/** Settles a failed attempt: out of flight, one more failure, and locked if that was the last one allowed. */
export function failureStatement(table: string, key: string, policy: RateLimitPolicy, now: Date): SqlStatement {
  const reaches = sql`("lockedUntil" IS NULL AND "count" + 1 >= ${policy.maxFailures})`;
  return sql`UPDATE ${raw(`"${table}"`)} SET
"count" = "count" + 1,
"inFlight" = CASE WHEN "inFlight" > 0 THEN "inFlight" - 1 ELSE 0 END,
"lockedUntil" = CASE WHEN ${reaches} THEN ${lockEnd(policy, now)} ELSE "lockedUntil" END,
"lockCount" = CASE WHEN ${reaches} THEN "lockCount" + 1 ELSE "lockCount" END
WHERE "key" = ${key}
RETURNING "count", "lockedUntil"`;
}

function inList(keys: readonly string[]): SqlStatement {
  return keys.length === 0 ? raw('(NULL)') : sql`(${joinSql(keys.map((k) => sql`${k}`), ', ')})`;
}

/**
 * Settles successes in one statement without creating rows: `released` keys drop the attempt
 * they reserved, `reset` keys forget their failures and locks.
 */
export function successStatement(table: string, released: readonly string[], reset: readonly string[]): SqlStatement {
  const all = [...new Set([...released, ...reset])];
  return sql`UPDATE ${raw(`"${table}"`)} SET
"inFlight" = CASE WHEN "key" IN ${inList(released)} AND "inFlight" > 0 THEN "inFlight" - 1 ELSE "inFlight" END,
"count" = CASE WHEN "key" IN ${inList(reset)} THEN 0 ELSE "count" END,
"lockedUntil" = CASE WHEN "key" IN ${inList(reset)} THEN NULL ELSE "lockedUntil" END,
"lockCount" = CASE WHEN "key" IN ${inList(reset)} THEN 0 ELSE "lockCount" END
WHERE "key" IN ${inList(all)}`;
}

/** Reads one key (for "is it locked?" before anything is reserved). */
export function readStatement(table: string, key: string): SqlStatement {
  return sql`SELECT "lockedUntil" FROM ${raw(`"${table}"`)} WHERE "key" = ${key}`;
}
