import type { PartnerContext } from '../context.ts';

/**
 * How long a "Save as …" confirmation is remembered for the same user and client. The seed's
 * partner "may skip this confirmation step after you save your first token": someone saving
 * several tokens in a row confirms once. Recovering never skips its step.
 */
export const REMEMBERED_CONSENT_MS = 10 * 60_000;

/** Kept beside oidc-provider's own artifacts (OidcPayload), under a type of its own. */
const TYPE = 'RememberedSaveConsent';

function rowId(userId: string, clientId: string): string {
  return `${TYPE}:${clientId}:${userId}`;
}

/** The user pressed "Save as …" for this client: remember it for REMEMBERED_CONSENT_MS from now. */
export async function rememberSaveConsent(ctx: PartnerContext, userId: string, clientId: string): Promise<void> {
  const now = ctx.now();
  const data = {
    type: TYPE,
    payload: JSON.stringify({ userId, clientId, confirmedAt: now.toISOString() }),
    expiresAt: new Date(now.getTime() + REMEMBERED_CONSENT_MS),
  };
  const id = rowId(userId, clientId);
  await ctx.db.oidcPayload.upsert({ where: { id }, create: { id, ...data }, update: data });
}

/** Whether this user confirmed a save for this client less than REMEMBERED_CONSENT_MS ago. */
export async function hasRememberedSaveConsent(ctx: PartnerContext, userId: string, clientId: string): Promise<boolean> {
  const row = await ctx.db.oidcPayload.findUnique({ where: { id: rowId(userId, clientId) }, select: { expiresAt: true } });
  return row?.expiresAt != null && row.expiresAt.getTime() > ctx.now().getTime();
}

/** Signing out forgets every remembered confirmation of that user. */
export async function forgetSaveConsents(ctx: PartnerContext, userId: string): Promise<void> {
  await ctx.db.oidcPayload.deleteMany({ where: { type: TYPE, id: { endsWith: `:${userId}` } } });
}
