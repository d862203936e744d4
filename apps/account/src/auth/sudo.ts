import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { SudoView } from '@recovery/core/api/index';
import type { ClientInfo } from '@recovery/http';
import { verifyPassword } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';

export function sudoView(session: AccountSession | null, now: Date): SudoView {
  const active = !!session?.sudoUntil && session.sudoUntil > now;
  return { active, expiresAt: active && session?.sudoUntil ? session.sudoUntil.toISOString() : null };
}

/**
 * Sudo mode by password. Entering it is a privilege change, so the session id is rotated; wrong
 * passwords count toward the account's sign-in limit.
 */
export async function confirmAccessWithPassword(
  ctx: AccountContext,
  req: Request,
  res: Response,
  user: User,
  password: string,
  client: ClientInfo,
): Promise<{ sudo: SudoView; csrfToken: string }> {
  const accountKey = `signin:user:${user.id}`;
  await ctx.limits.signInPerAccount.assertAllowed(accountKey);
  if (!(await verifyPassword(user.passwordHash, password))) {
    await ctx.limits.signInPerAccount.recordFailure(accountKey);
    throw new AppError('invalid_credentials', 'Incorrect password', { fields: [{ path: 'password', message: 'Incorrect password' }] });
  }
  await ctx.limits.signInPerAccount.reset(accountKey);
  const sudoUntil = new Date(ctx.now().getTime() + ctx.config.sudoMs);
  await ctx.sessions.end(req, res);
  const session = await ctx.sessions.start(res, { userId: user.id, ip: client.ip, userAgent: client.userAgent, sudoUntil });
  await recordSecurityEvent(ctx, { userId: user.id, action: 'user.sudo', client });
  return { sudo: sudoView(session, ctx.now()), csrfToken: ctx.csrf.issue(res, session.idHash) };
}

/**
 * Rule: viewing or changing a recovery method needs sudo mode; each such action extends it by
 * the full sudo period.
 */
export async function requireSudo(ctx: AccountContext, session: AccountSession): Promise<void> {
  const now = ctx.now();
  if (!session.sudoUntil || session.sudoUntil <= now) {
    throw new AppError('sudo_required', 'Confirm access with your password to continue');
  }
  const sudoUntil = new Date(now.getTime() + ctx.config.sudoMs);
  await ctx.db.session.update({ where: { idHash: session.idHash }, data: { sudoUntil } });
  session.sudoUntil = sudoUntil;
}
