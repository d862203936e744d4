import { checkPassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { completeDueRecoveries } from '../accountRecovery/removeTwoFactorForRecovery.ts';

export function findUserByLogin(ctx: Pick<AccountContext, 'db'>, login: string): Promise<User | null> {
  const value = login.trim().toLowerCase();
  return ctx.db.user.findFirst({ where: value.includes('@') ? { email: value } : { username: value } });
}

/** The password step (limits and rules in @recovery/http's checkPassword). */
export async function authenticatePassword(ctx: AccountContext, login: string, password: string, client: ClientInfo): Promise<User> {
  const user = await checkPassword(ctx.limits, login, () => findUserByLogin(ctx, login), password, client);
  // An approved recovery whose waiting period is over takes effect before the 2FA check.
  await completeDueRecoveries(ctx, user.id);
  return user;
}
