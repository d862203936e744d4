import type { Grant, KoaContextWithOIDC } from 'oidc-provider';

/**
 * Only the grant the user gave in this very authorization (the interaction result) counts.
 * Earlier grants in the same browser session are never reused, so every save and every
 * recovery asks the user again, and each grant stands for exactly one confirmation.
 */
export async function loadExistingGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const grantId = ctx.oidc.result?.consent?.grantId;
  if (!grantId) return undefined;
  const grant = await ctx.oidc.provider.Grant.find(grantId);
  if (!grant || grant.clientId !== ctx.oidc.client?.clientId || grant.accountId !== ctx.oidc.session?.accountId) return undefined;
  return grant;
}
