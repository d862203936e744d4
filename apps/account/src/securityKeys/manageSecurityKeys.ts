import type { SecurityKeyView } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { SecurityKey, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { securityKeyView } from './securityKeyView.ts';

export async function listSecurityKeys(ctx: AccountContext, userId: string): Promise<SecurityKeyView[]> {
  const keys = await ctx.db.securityKey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  return keys.map(securityKeyView);
}

/** Another user's key id answers exactly like a missing one. */
async function ownKey(ctx: AccountContext, userId: string, id: string): Promise<SecurityKey> {
  const key = await ctx.db.securityKey.findFirst({ where: { id, userId } });
  if (!key) throw new AppError('not_found', 'No such security key');
  return key;
}

export async function renameSecurityKey(ctx: AccountContext, user: User, id: string, nickname: string): Promise<SecurityKeyView> {
  await ownKey(ctx, user.id, id);
  return securityKeyView(await ctx.db.securityKey.update({ where: { id }, data: { nickname } }));
}

export async function removeSecurityKey(ctx: AccountContext, user: User, id: string, client: ClientInfo): Promise<void> {
  const key = await ownKey(ctx, user.id, id);
  await ctx.db.securityKey.deleteMany({ where: { id, userId: user.id } });
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_authentication.remove_factor', client, data: { factor: 'security_key', nickname: key.nickname } });
  await notifyUser(ctx, user, 'Security key removed', `The security key "${key.nickname}" was removed from ${user.displayName}. If this was not you, reset your password.`);
}
