import type { z } from 'zod';
import type { recoveryTokenList } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import type { FetchPartnerConfiguration } from './partnerConfiguration.ts';

/** The user's stored and used tokens (deleted ones stay only as records), and the partner. */
export async function listRecoveryTokens(ctx: AccountContext, fetchPartner: FetchPartnerConfiguration, userId: string): Promise<z.output<typeof recoveryTokenList>> {
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
    partner: ctx.config.partner ? await partnerIdentity(ctx, fetchPartner, ctx.config.partner) : null,
  };
}

/**
 * The partner as its configuration document presents itself: its name and icon sit beside
 * "Connect with <origin>". Only labels: when the document cannot be had, the configured name.
 */
async function partnerIdentity(
  ctx: AccountContext,
  fetchPartner: FetchPartnerConfiguration,
  partner: { url: string; name: string },
): Promise<{ url: string; name: string; iconUrl: string | null }> {
  try {
    const published = await fetchPartner(partner.url);
    return { url: partner.url, name: published.displayName ?? partner.name, iconUrl: published.iconUrl ?? null };
  } catch (error) {
    ctx.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) } }, 'partner configuration unavailable for its name and icon');
    return { url: partner.url, name: partner.name, iconUrl: null };
  }
}
