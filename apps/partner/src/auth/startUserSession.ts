import type { Request, Response } from 'express';
import type { ClientInfo } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';
import type { PartnerSession } from '../sessions/partnerSessionStore.ts';

/**
 * Signs the user in after they proved their password: any previous session ends and a new id
 * is issued (no fixation), `authTime` records this moment (for OIDC max_age and prompt=login),
 * and a CSRF token bound to the new session replaces the old one.
 */
export async function startUserSession(ctx: PartnerContext, req: Request, res: Response, user: PartnerUser, client: ClientInfo): Promise<PartnerSession> {
  await ctx.sessions.end(req, res);
  const session = await ctx.sessions.start(res, { userId: user.id, ip: client.ip, userAgent: client.userAgent, authTime: ctx.now() });
  ctx.csrf.issue(res, session.idHash);
  ctx.logger.info({ userId: user.id }, 'partner user signed in');
  return session;
}
