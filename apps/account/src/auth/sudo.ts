import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { SudoRequest, SudoView } from '@recovery/core/api/index';
import type { ClientInfo, LimitedAttempt } from '@recovery/http';
import { verifyPassword } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { verifyTotp } from '../twoFactor/totpFactor.ts';
import { verifySecurityKey } from '../securityKeys/verifySecurityKey.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';
import { sudoKeys } from './sudoLimits.ts';

export function sudoView(session: AccountSession | null, now: Date): SudoView {
  const active = !!session?.sudoUntil && session.sudoUntil > now;
  return { active, expiresAt: active && session?.sudoUntil ? session.sudoUntil.toISOString() : null };
}

function signedOut(): AppError {
  return new AppError('unauthenticated', 'Too many failed attempts to confirm access; sign in again');
}

/** Reserves one guess on every sudo limit (session first), giving back those already taken if one refuses. */
async function reserveSudoAttempt(ctx: AccountContext, req: Request, res: Response, user: User, session: AccountSession, client: ClientInfo): Promise<LimitedAttempt[]> {
  const reserved: LimitedAttempt[] = [];
  try {
    reserved.push(await ctx.sudoLimits.perSession.attempt(sudoKeys.session(session.idHash)));
  } catch (error) {
    // Only a session that has used up its guesses is signed out (rule: a session that keeps
    // guessing ends). Any other failure (a database timeout) is answered as it is; the session lives.
    if (!(error instanceof AppError && error.code === 'rate_limited')) throw error;
    await ctx.sessions.end(req, res);
    throw signedOut();
  }
  try {
    reserved.push(await ctx.sudoLimits.perAddress.attempt(sudoKeys.address(client.ip)));
    reserved.push(await ctx.sudoLimits.perAccount.attempt(sudoKeys.account(user.id)));
  } catch (error) {
    await Promise.allSettled(reserved.map((attempt) => attempt.cancel()));
    throw error;
  }
  return reserved;
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
 * privilege change, so the session id is rotated. Failures count on sudo's own limits (per
 * session, address and account; never the sign-in limits, so a stolen session cannot lock the
 * owner out), are logged and emailed once per series, and the fifth in a session signs it out.
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
  const [perSession, perAddress, perAccount] = await reserveSudoAttempt(ctx, req, res, user, session, client);
  let passed: boolean;
  let detail: Record<string, string> | undefined;
  try {
    ({ passed, detail } = await checkProof(ctx, user, proof));
  } catch (error) {
    await Promise.allSettled([perSession, perAddress, perAccount].map((attempt) => attempt?.cancel()));
    throw error;
  }
  if (!passed) {
    const sessionLocked = await perSession!.failed();
    await perAddress!.failed();
    await perAccount!.failed();
    const method = 'password' in proof ? 'password' : 'totpCode' in proof ? 'totp' : 'webauthn';
    await recordSecurityEvent(ctx, { userId: user.id, action: 'user.sudo_failure', client, data: { method, ...detail } });
    if ((await ctx.sudoLimits.perSession.failureCount(sudoKeys.session(session.idHash))) <= 1) {
      await notifyUser(
        ctx,
        user,
        'Failed attempt to confirm access',
        `Someone signed in to ${user.displayName} failed to confirm access (sudo mode).\nAddress: ${client.ip}\nBrowser: ${client.userAgent || 'unknown'}\nIf this was not you, sign out of every session and change your password now.`,
      );
    }
    if (sessionLocked) {
      await ctx.sessions.end(req, res);
      throw signedOut();
    }
    throw refusal(proof);
  }
  await perSession!.succeeded('reset');
  await perAddress!.succeeded('refund');
  await perAccount!.succeeded('reset');
  const sudoUntil = new Date(ctx.now().getTime() + ctx.config.sudoMs);
  await ctx.sessions.end(req, res);
  const started = await ctx.sessions.start(res, { userId: user.id, ip: client.ip, userAgent: client.userAgent, sudoUntil });
  await recordSecurityEvent(ctx, { userId: user.id, action: 'user.sudo', client });
  return { sudo: sudoView(started, ctx.now()), csrfToken: ctx.csrf.issue(res, started.idHash) };
}

/**
 * Rule: changing a recovery method needs sudo mode; each such action extends it by the full
 * sudo period.
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
