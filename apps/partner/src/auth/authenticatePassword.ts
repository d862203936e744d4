import { AppError } from '@recovery/core/errors';
import { verifyPassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';

export function findUserByLogin(ctx: Pick<PartnerContext, 'db'>, login: string): Promise<PartnerUser | null> {
  const value = login.trim().toLowerCase();
  return ctx.db.partnerUser.findFirst({ where: value.includes('@') ? { email: value } : { username: value } });
}

/**
 * The password step. Failures count per account and per client address (in the database, so
 * the limits hold across instances); the refusal does not say whether the account exists.
 */
export async function authenticatePassword(ctx: PartnerContext, login: string, password: string, client: ClientInfo): Promise<PartnerUser> {
  const addressKey = `signin:ip:${client.ip}`;
  await ctx.limits.signInPerAddress.assertAllowed(addressKey);
  const user = await findUserByLogin(ctx, login);
  const accountKey = user ? `signin:user:${user.id}` : undefined;
  if (accountKey) await ctx.limits.signInPerAccount.assertAllowed(accountKey);
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid || !accountKey) {
    await ctx.limits.signInPerAddress.recordFailure(addressKey);
    if (accountKey) await ctx.limits.signInPerAccount.recordFailure(accountKey);
    throw new AppError('invalid_credentials', 'Incorrect username or password');
  }
  await ctx.limits.signInPerAccount.reset(accountKey);
  return user;
}
