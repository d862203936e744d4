import type { SavedRecoveryToken } from '@recovery/db';
import type { PartnerContext } from '../context.ts';

export type RecoveryTokenSummary = Pick<SavedRecoveryToken, 'id' | 'issuer' | 'tokenSize' | 'savedAt' | 'lastCountersignedAt'>;

/** A user's saved tokens, newest first, optionally only those of some issuers; never the token itself. */
export function listRecoveryTokens(ctx: PartnerContext, userId: string, issuers?: string[]): Promise<RecoveryTokenSummary[]> {
  return ctx.db.savedRecoveryToken.findMany({
    where: { userId, ...(issuers ? { issuer: { in: issuers } } : {}) },
    orderBy: [{ savedAt: 'desc' }, { id: 'asc' }],
    select: { id: true, issuer: true, tokenSize: true, savedAt: true, lastCountersignedAt: true },
  });
}
