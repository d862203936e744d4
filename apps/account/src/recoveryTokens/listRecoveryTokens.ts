import type { z } from 'zod';
import type { recoveryTokenList } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';

/** The user's stored and used tokens (deleted ones stay only as records), and the partner. */
export async function listRecoveryTokens(ctx: AccountContext, userId: string): Promise<z.output<typeof recoveryTokenList>> {
  const rows = await ctx.db.recoveryToken.findMany({ where: { userId, state: { in: ['confirmed', 'recovered'] } }, orderBy: { createdAt: 'desc' } });
  return {
    tokens: rows.map((r) => ({
      id: r.id,
      partner: r.partner,
      state: r.state as 'confirmed' | 'recovered',
      createdAt: r.createdAt.toISOString(),
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      recoveredAt: r.recoveredAt?.toISOString() ?? null,
    })),
    partner: ctx.config.partner ? { url: ctx.config.partner.url, name: ctx.config.partner.name } : null,
  };
}
