import { checkPassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';

export function findUserByLogin(ctx: Pick<PartnerContext, 'db'>, login: string): Promise<PartnerUser | null> {
  const value = login.trim().toLowerCase();
  return ctx.db.partnerUser.findFirst({ where: value.includes('@') ? { email: value } : { username: value } });
}

/** The password step (limits and rules in @recovery/http's checkPassword). */
export async function authenticatePassword(ctx: PartnerContext, login: string, password: string, client: ClientInfo): Promise<PartnerUser> {
  const user = await checkPassword(ctx.limits, login, () => findUserByLogin(ctx, login), password, client);
  return user;
}
