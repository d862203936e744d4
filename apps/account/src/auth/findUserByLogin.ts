import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';

/** A login is a username or (with an @) an email address, matched case-insensitively. */
export function findUserByLogin(ctx: Pick<AccountContext, 'db'>, login: string): Promise<User | null> {
  const value = login.trim().toLowerCase();
  return ctx.db.user.findFirst({ where: value.includes('@') ? { email: value } : { username: value } });
}
