import { AppError } from '@recovery/core/errors';
import { verifyPassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { completeDueRecoveries } from '../accountRecovery/removeTwoFactorForRecovery.ts';

export function findUserByLogin(ctx: Pick<AccountContext, 'db'>, login: string): Promise<User | null> {
  const value = login.trim().toLowerCase();
  return ctx.db.user.findFirst({ where: value.includes('@') ? { email: value } : { username: value } });
}

/**
 * The password step. Failures count per account and per client address (in the database, so
 * the limits hold across instances); the refusal does not say whether the account exists.
 */
export async function authenticatePassword(ctx: AccountContext, login: string, password: string, client: ClientInfo): Promise<User> {
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
  // An approved recovery whose waiting period is over takes effect before the 2FA check.
  await completeDueRecoveries(ctx, user.id);
  return user;
}
