import type { Request, Response } from 'express';
import { verifyPasswordAttempt } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';
import { isKnownBrowser, rememberBrowser } from './knownBrowser.ts';

export function findUserByLogin(ctx: Pick<PartnerContext, 'db'>, login: string): Promise<PartnerUser | null> {
  const value = login.trim().toLowerCase();
  return ctx.db.partnerUser.findFirst({ where: value.includes('@') ? { email: value } : { username: value } });
}

/**
 * The password step (limits and rules in @recovery/http's verifyPasswordAttempt). A browser the
 * user signed in from before counts its failures apart (rule: a failure a stranger can cause must
 * not block the owner's known browser): whoever knows a partner username can lock the password
 * step everywhere else, but not in the owner's browsers, and the owner needs the partner to
 * recover. A success settles the limits and remembers the browser in one commit.
 */
export async function authenticatePassword(ctx: PartnerContext, req: Request, res: Response, login: string, password: string, client: ClientInfo): Promise<PartnerUser> {
  const found = await findUserByLogin(ctx, login);
  const knownBrowser = found ? await isKnownBrowser(ctx, req, found.id) : false;
  const { user, settle } = await verifyPasswordAttempt(ctx.limits, login, found, password, client, knownBrowser);
  const visit = rememberBrowser(ctx, req, user.id);
  await ctx.limits.signInPerAccount.table.sql.transaction([{ statement: settle }, { statement: visit.statement }]);
  visit.setCookie(res);
  return user;
}
