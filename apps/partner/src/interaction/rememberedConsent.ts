import { sha256Hex } from '@recovery/http';
import type { PartnerContext } from '../context.ts';

/**
 * How long a "Save as …" confirmation is remembered for the same user, client and user of that
 * client (its `account_user` handle: rule, a second person using the account service in the same
 * browser must not save silently into the first person's partner account; without a handle
 * nothing is remembered). The seed's
 * partner "may skip this confirmation step after you save your first token": someone saving
 * several tokens in a row confirms once. Recovering never skips its step.
 */
export const REMEMBERED_CONSENT_MS = 10 * 60_000;

/** Kept beside oidc-provider's own artifacts (OidcPayload), under a type of its own. */
const TYPE = 'RememberedSaveConsent';

function rowId(userId: string, clientId: string, accountUser: string): string {
  return `${TYPE}:${clientId}:${sha256Hex(accountUser)}:${userId}`;
}

/** The user pressed "Save as …" for this client (and its user): remember it for REMEMBERED_CONSENT_MS from now. */
export async function rememberSaveConsent(ctx: PartnerContext, userId: string, clientId: string, accountUser: string): Promise<void> {
  if (!accountUser) return;
  const now = ctx.now();
  const data = {
    type: TYPE,
    payload: JSON.stringify({ userId, clientId, accountUser: sha256Hex(accountUser), confirmedAt: now.toISOString() }),
    expiresAt: new Date(now.getTime() + REMEMBERED_CONSENT_MS),
  };
  const id = rowId(userId, clientId, accountUser);
  await ctx.db.oidcPayload.upsert({ where: { id }, create: { id, ...data }, update: data });
}

/** Whether this user confirmed a save for this client and its same user less than REMEMBERED_CONSENT_MS ago. */
export async function hasRememberedSaveConsent(ctx: PartnerContext, userId: string, clientId: string, accountUser: string): Promise<boolean> {
  if (!accountUser) return false;
  const row = await ctx.db.oidcPayload.findUnique({ where: { id: rowId(userId, clientId, accountUser) }, select: { expiresAt: true } });
  return row?.expiresAt != null && row.expiresAt.getTime() > ctx.now().getTime();
}

/** Signing out forgets every remembered confirmation of that user. */
export async function forgetSaveConsents(ctx: PartnerContext, userId: string): Promise<void> {
  await ctx.db.oidcPayload.deleteMany({ where: { type: TYPE, id: { endsWith: `:${userId}` } } });
}
