import type { Request, Response } from 'express';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { rememberDevice } from './rememberDevice.ts';

/**
 * Signs the user in: any previous session ends and a new id is issued (no fixation), the login
 * is logged, and a browser the user has not used before triggers an email.
 */
export async function startUserSession(
  ctx: AccountContext,
  req: Request,
  res: Response,
  user: User,
  client: ClientInfo,
  options: { newAccount?: boolean } = {},
): Promise<string> {
  await ctx.sessions.end(req, res);
  const session = await ctx.sessions.start(res, { userId: user.id, ip: client.ip, userAgent: client.userAgent });
  await recordSecurityEvent(ctx, { userId: user.id, action: 'user.login', client });
  const unseen = await rememberDevice(ctx, req, res, user.id, client);
  if (unseen && !options.newAccount) {
    await notifyUser(
      ctx,
      user,
      'New sign-in to your account',
      [
        `Hello ${user.displayName},`,
        '',
        'Your account was just signed in to from a browser we have not seen before.',
        `Address: ${client.ip}`,
        `Browser: ${client.userAgent || 'unknown'}`,
        `Time: ${ctx.now().toISOString()}`,
        '',
        `If this was not you, change your password and review your security log at ${ctx.config.publicOrigin}/settings/security-log.`,
      ].join('\n'),
    );
  }
  return ctx.csrf.issue(res, session.idHash);
}
