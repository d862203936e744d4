import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { SudoRequest, SudoView } from '@recovery/core/api/index';
import type { ClientInfo } from '@recovery/http';
import { passwordAccountKey, verifyPassword } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { accountKey } from '../twoFactor/twoFactorLimits.ts';
import { verifyTotp } from '../twoFactor/totpFactor.ts';
import { verifySecurityKey } from '../securityKeys/verifySecurityKey.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';

export function sudoView(session: AccountSession | null, now: Date): SudoView {
  const active = !!session?.sudoUntil && session.sudoUntil > now;
  return { active, expiresAt: active && session?.sudoUntil ? session.sudoUntil.toISOString() : null };
}

/**
 * Sudo mode by password or authenticator code (never SMS: rule "Sudo mode"). Entering it is a
 * privilege change, so the session id is rotated. Wrong passwords count toward the account's
 * sign-in limit, wrong codes toward its 2FA limit.
 */
export async function confirmAccess(
  ctx: AccountContext,
  req: Request,
  res: Response,
  user: User,
  proof: SudoRequest,
  client: ClientInfo,
): Promise<{ sudo: SudoView; csrfToken: string }> {
  if ('password' in proof) {
    const attempt = await ctx.limits.signInPerAccount.attempt(passwordAccountKey(user.id));
    if (!(await verifyPassword(user.passwordHash, proof.password))) {
      await attempt.failed();
      throw new AppError('invalid_credentials', 'Incorrect password', { fields: [{ path: 'password', message: 'Incorrect password' }] });
    }
    await attempt.succeeded('reset');
  } else {
    const attempt = await ctx.twoFactorLimits.perAccount.attempt(accountKey(user.id, true));
    const passed =
      'totpCode' in proof
        ? await verifyTotp(ctx, user.id, proof.totpCode, true)
        : (await verifySecurityKey(ctx, { purpose: 'sudo', userId: user.id }, proof.securityKey, client)).ok;
    if (!passed) {
      await attempt.failed();
      const field = 'totpCode' in proof ? 'totpCode' : 'securityKey';
      const message = 'totpCode' in proof ? 'Invalid authentication code' : 'The security key could not be verified';
      throw new AppError('invalid_code', message, { fields: [{ path: field, message }] });
    }
    await attempt.succeeded('reset');
  }
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
