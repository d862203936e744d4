import { sql } from '@recovery/db';
import type { AccountContext } from '../context.ts';

/** Rows removed per sweep: enough to keep up with any request rate, never a long delete. */
export const SWEEP_BATCH = 100;

/**
 * Rule: expired flows and tickets are deleted as new ones are made, in bounded batches, so the
 * table cannot grow without limit and no request pays for a big backlog.
 */
export async function sweepExpiredFlows(ctx: Pick<AccountContext, 'sql' | 'now'>): Promise<number> {
  const result = await ctx.sql.query(
    sql`DELETE FROM "OAuthFlow" WHERE "stateHash" IN (SELECT "stateHash" FROM "OAuthFlow" WHERE "expiresAt" < ${ctx.now()} LIMIT ${SWEEP_BATCH})`,
  );
  return result.changes;
}
