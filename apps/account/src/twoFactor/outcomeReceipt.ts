import { asDate, sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import { hmacHex, constantTimeEqual } from '@recovery/http';
import type { AccountContext } from '../context.ts';

type Ctx = Pick<AccountContext, 'keys' | 'now' | 'sql'>;

/** What a committed outcome answered, for a retry of the same attempt (see OutcomeReceipt). */
export interface OutcomeReceipt {
  key: string;
  userId: string;
  proofHash: string;
  result: string;
  expiresAt: Date;
}

/**
 * A keyed hash of what a retry must bring again. The recovery-code hash key is reused with its
 * own prefix: no recovery-code hash input (`<user id>:<code>`) starts with it.
 */
export function receiptProof(ctx: Pick<Ctx, 'keys'>, ...parts: readonly string[]): string {
  return hmacHex(ctx.keys.recoveryCodeHash, `outcome-receipt:${parts.join('\n')}`);
}

/** The receipt, written in the outcome's own transaction: it commits with the outcome or not at all. */
export function recordReceiptStatement(ctx: Pick<Ctx, 'now'>, receipt: Omit<OutcomeReceipt, 'expiresAt'>, windowMs: number): SqlStatement {
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + windowMs);
  return sql`INSERT INTO "OutcomeReceipt" ("key", "userId", "proofHash", "result", "expiresAt", "createdAt")
VALUES (${receipt.key}, ${receipt.userId}, ${receipt.proofHash}, ${receipt.result}, ${expiresAt}, ${now})
ON CONFLICT ("key") DO UPDATE SET "userId" = excluded."userId", "proofHash" = excluded."proofHash", "result" = excluded."result", "expiresAt" = excluded."expiresAt", "createdAt" = excluded."createdAt"`;
}

/**
 * The live receipt for `key` whose proof matches, or null (none, expired, or another attempt's).
 * Rule: a retry brings the same proof; a different code (`guessable`) is a guess, so it ends the
 * receipt (one guess per receipt, never a code oracle outside the attempt limits). A different
 * signature is no guess (nobody can make one without the key) and leaves it.
 */
export async function findReceipt(ctx: Ctx, key: string, proofHash: string, guessable: boolean): Promise<OutcomeReceipt | null> {
  const { rows } = await ctx.sql.query(sql`SELECT "userId", "proofHash", "result", "expiresAt" FROM "OutcomeReceipt" WHERE "key" = ${key} AND "expiresAt" > ${ctx.now()}`);
  const row = rows[0];
  if (!row) return null;
  if (!constantTimeEqual(String(row.proofHash), proofHash)) {
    if (guessable) await ctx.sql.query(sql`DELETE FROM "OutcomeReceipt" WHERE "key" = ${key} AND "proofHash" = ${String(row.proofHash)}`);
    return null;
  }
  return { key, userId: String(row.userId), proofHash, result: String(row.result), expiresAt: asDate(row.expiresAt)! };
}

/** Spends the receipt: changes one row for exactly one of any number of concurrent retries. */
export function spendReceiptStatement(receipt: OutcomeReceipt, now: Date): SqlStatement {
  return sql`DELETE FROM "OutcomeReceipt" WHERE "key" = ${receipt.key} AND "proofHash" = ${receipt.proofHash} AND "result" = ${receipt.result} AND "expiresAt" > ${now}`;
}
