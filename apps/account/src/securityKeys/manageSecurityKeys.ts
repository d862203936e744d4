import type { SecurityKeyView } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { SecurityKey, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import type { SecurityEventInput } from '../securityLog/recordSecurityEvent.ts';
import type { CredentialKind } from './keyForAssertion.ts';
import type { OutcomeWrites } from '../auth/renewSudoIn.ts';
import { securityKeyView } from './securityKeyView.ts';

const missing = (kind: CredentialKind) => new AppError('not_found', kind === 'passkey' ? 'No such passkey' : 'No such security key');

export function listCredentials(ctx: AccountContext, userId: string, kind: CredentialKind): Promise<SecurityKey[]> {
  return ctx.db.securityKey.findMany({ where: { userId, kind }, orderBy: { createdAt: 'asc' } });
}

export async function listSecurityKeys(ctx: AccountContext, userId: string): Promise<SecurityKeyView[]> {
  return (await listCredentials(ctx, userId, 'security_key')).map(securityKeyView);
}

/** Another user's credential, or one of the other kind, answers exactly like a missing one. */
export async function ownCredential(ctx: AccountContext, userId: string, id: string, kind: CredentialKind): Promise<SecurityKey> {
  const key = await ctx.db.securityKey.findFirst({ where: { id, userId, kind } });
  if (!key) throw missing(kind);
  return key;
}

export async function renameCredential(ctx: AccountContext, userId: string, id: string, kind: CredentialKind, nickname: string): Promise<SecurityKey> {
  await ownCredential(ctx, userId, id, kind);
  return ctx.db.securityKey.update({ where: { id }, data: { nickname } });
}

/**
 * Deletes the user's credential of `kind` and logs `eventFor(key)` in the same commit (with
 * `inOutcome`); returns it
 * for the email. One deleted meanwhile (a concurrent request) is not logged twice.
 */
export async function deleteCredential(
  ctx: AccountContext,
  userId: string,
  id: string,
  kind: CredentialKind,
  eventFor: (key: SecurityKey) => SecurityEventInput,
  inOutcome: OutcomeWrites,
): Promise<SecurityKey> {
  const key = await ownCredential(ctx, userId, id, kind);
  await ctx.db.$transaction(async (tx) => {
    const gone = await tx.securityKey.deleteMany({ where: { id, userId, kind } });
    if (gone.count === 0) throw missing(kind);
    await recordSecurityEvent(ctx, eventFor(key), tx);
    await inOutcome(tx);
  });
  return key;
}

export async function renameSecurityKey(ctx: AccountContext, user: User, id: string, nickname: string): Promise<SecurityKeyView> {
  return securityKeyView(await renameCredential(ctx, user.id, id, 'security_key', nickname));
}

export async function removeSecurityKey(ctx: AccountContext, user: User, id: string, client: ClientInfo, inOutcome: OutcomeWrites): Promise<void> {
  const key = await deleteCredential(ctx, user.id, id, 'security_key', (removed) => ({
    userId: user.id,
    action: 'two_factor_authentication.remove_factor',
    client,
    data: { factor: 'security_key', nickname: removed.nickname },
  }), inOutcome);
  await notifyUser(ctx, user, 'Security key removed', `The security key "${key.nickname}" was removed from ${user.displayName}. If this was not you, reset your password.`);
}
