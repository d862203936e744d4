import type { PartnerContext } from '../context.ts';

/**
 * The asking site's name from its delegated-recovery configuration, so the confirmation names
 * it as people know it. Only a label: when the document cannot be had, the origin alone is shown.
 */
export async function clientDisplayName(ctx: PartnerContext, origin: string): Promise<string | null> {
  try {
    return (await ctx.issuerConfigurations.get(origin)).displayName ?? null;
  } catch (error) {
    ctx.logger.warn({ err: { message: error instanceof Error ? error.message : String(error) }, origin }, 'no display name for the client site');
    return null;
  }
}
