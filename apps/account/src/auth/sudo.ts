import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { SudoRequest, SudoView } from '@recovery/core/api/index';
import type { ClientInfo } from '@recovery/http';
import { verifyPassword } from '@recovery/http';
import { oneRowStep } from '@recovery/db';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import { deleteSessionStatement, insertSessionStatement } from '../sessions/sessionStatements.ts';
import { verifyTotp } from '../twoFactor/totpFactor.ts';
import { verifySecurityKey } from '../securityKeys/verifySecurityKey.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';
import { checkSudoGuess } from './sudoGuess.ts';
import { writeSudoRenewal } from './renewSudoIn.ts';

export function sudoView(session: AccountSession | null, now: Date): SudoView {
  const active = !!session?.sudoUntil && session.sudoUntil > now;
  return { active, expiresAt: active && session?.sudoUntil ? session.sudoUntil.toISOString() : null };
}

/** Whether the proof holds, and what its failure event should add (a key's regressed counter). */
async function checkProof(ctx: AccountContext, user: User, proof: SudoRequest): Promise<{ passed: boolean; detail?: Record<string, string> }> {
  if ('password' in proof) return { passed: await verifyPassword(user.passwordHash, proof.password) };
  if ('totpCode' in proof) return { passed: await verifyTotp(ctx, user.id, proof.totpCode, true) };
  const key = await verifySecurityKey(ctx, { purpose: 'sudo', userId: user.id }, proof.securityKey);
  return key.ok ? { passed: true } : { passed: false, detail: key.detail };
}

function refusal(proof: SudoRequest): AppError {
  if ('password' in proof) return new AppError('invalid_credentials', 'Incorrect password', { fields: [{ path: 'password', message: 'Incorrect password' }] });
  const field = 'totpCode' in proof ? 'totpCode' : 'securityKey';
  const message = 'totpCode' in proof ? 'Invalid authentication code' : 'The security key could not be verified';
  return new AppError('invalid_code', message, { fields: [{ path: field, message }] });
}

/**
 * Sudo mode by password or authenticator code (never SMS: rule "Sudo mode"). Entering it is a
 * privilege change, so the session id is rotated. Failures count as checkSudoGuess says.
 */
export async function confirmAccess(
  ctx: AccountContext,
  req: Request,
  res: Response,
  user: User,
  session: AccountSession,
  proof: SudoRequest,
  client: ClientInfo,
): Promise<{ sudo: SudoView; csrfToken: string }> {
  const passed = await checkSudoGuess(ctx, req, res, user, session, client, {
    method: 'password' in proof ? 'password' : 'totpCode' in proof ? 'totp' : 'webauthn',
    check: () => checkProof(ctx, user, proof),
    refusal: () => refusal(proof),
  });
  const now = ctx.now();
  const sudoUntil = new Date(now.getTime() + ctx.config.sudoMs);
  const started = ctx.sessions.issue({ userId: user.id, ip: client.ip, userAgent: client.userAgent, sudoUntil });
  // One commit: the limits settled, the old session ended, the new one started, and the event.
  // The old session must still exist: one ended meanwhile (signed out everywhere, a changed
  // password) is not brought back as a new session in sudo mode.
  const done = await ctx.sql
    .transaction([
      ...passed.settle,
      oneRowStep(deleteSessionStatement(session.idHash)),
      { statement: insertSessionStatement(started.row) },
      { statement: insertSecurityEventsStatement([{ userId: user.id, action: 'user.sudo', client }], now) },
    ])
    .catch(async (error: unknown) => {
      await passed.release();
      throw error;
    });
  if (!done.committed) {
    await passed.release();
    ctx.sessions.clearCookie(res);
    throw new AppError('unauthenticated', 'Your session has ended; sign in again');
  }
  started.setCookie(res);
  return { sudo: { active: true, expiresAt: sudoUntil.toISOString() }, csrfToken: ctx.csrf.issue(res, started.row.idHash) };
}

/** Rule: changing a recovery method needs sudo mode (renewed by renewSudo once the action succeeds). */
export function requireSudo(ctx: Pick<AccountContext, 'now'>, session: AccountSession): void {
  if (!session.sudoUntil || session.sudoUntil <= ctx.now()) {
    throw new AppError('sudo_required', 'Confirm access with your password to continue');
  }
}

/**
 * Each sensitive action that succeeds extends sudo mode by the full sudo period; a refused one
 * (bad input, a wrong current password) does not. The session may have ended meanwhile: then
 * there is nothing to renew.
 */
export async function renewSudo(ctx: AccountContext, session: AccountSession): Promise<void> {
  session.sudoUntil = await writeSudoRenewal(ctx, ctx.db, session.idHash);
}
