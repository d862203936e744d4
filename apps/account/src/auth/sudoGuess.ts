import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { ClientInfo, LimitedAttempt } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';
import { sudoKeys } from './sudoLimits.ts';
import { deviceHashOf } from './rememberDevice.ts';

function signedOut(): AppError {
  return new AppError('unauthenticated', 'Too many failed attempts to confirm access; sign in again');
}

async function isKnownDevice(ctx: AccountContext, req: Request, userId: string): Promise<boolean> {
  const deviceHash = deviceHashOf(ctx, req);
  return deviceHash !== null && (await ctx.db.knownDevice.count({ where: { userId, deviceHash } })) > 0;
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
    reserved.push(await ctx.sudoLimits.perAccount.attempt(sudoKeys.account(user.id, await isKnownDevice(ctx, req, user.id))));
  } catch (error) {
    await Promise.allSettled(reserved.map((attempt) => attempt.cancel()));
    throw error;
  }
  return reserved;
}

export interface SudoGuess {
  /** What the failure event records as `method` (password, totp, webauthn). */
  method: string;
  /** Checks the secret; `detail` adds to the failure event (e.g. a key's regressed counter). */
  check(): Promise<{ passed: boolean; detail?: Record<string, string> }>;
  /** The refusal of a wrong secret. */
  refusal(): AppError;
}

/**
 * A secret typed by whoever holds a signed-in session ("Confirm access", the current password at
 * "Change password"). Rule: a stolen session must not lock the owner out. So it counts on sudo's
 * own limits (per session, address and account, the account's known browsers apart; never the
 * sign-in limits), each failure is
 * logged as `user.sudo_failure` and emailed once per series, and the fifth in a session signs it
 * out. Returns once the secret passed, with the limits settled.
 */
export async function checkSudoGuess(ctx: AccountContext, req: Request, res: Response, user: User, session: AccountSession, client: ClientInfo, guess: SudoGuess): Promise<void> {
  const [perSession, perAddress, perAccount] = await reserveSudoAttempt(ctx, req, res, user, session, client);
  let outcome: { passed: boolean; detail?: Record<string, string> };
  try {
    outcome = await guess.check();
  } catch (error) {
    await Promise.allSettled([perSession, perAddress, perAccount].map((attempt) => attempt?.cancel()));
    throw error;
  }
  if (!outcome.passed) {
    const sessionLocked = await perSession!.failed();
    await perAddress!.failed();
    await perAccount!.failed();
    await recordSecurityEvent(ctx, { userId: user.id, action: 'user.sudo_failure', client, data: { method: guess.method, ...outcome.detail } });
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
    throw guess.refusal();
  }
  await perSession!.succeeded('reset');
  await perAddress!.succeeded('refund');
  await perAccount!.succeeded('reset');
}
