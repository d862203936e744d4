import { AppError } from '@recovery/core/errors';
import type { ChangePasswordRequest } from '@recovery/core/api/index';
import type { AccountTx, User } from '@recovery/db';
import type { Request, Response } from 'express';
import { hashPassword, refuseGuessablePassword, verifyPassword } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { securityEventRow } from '../securityLog/recordSecurityEvent.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';
import { checkSudoGuess } from './sudoGuess.ts';

/**
 * Checks the current password and hashes the new one, before any transaction opens: argon2 must
 * not hold a write lock. Whoever sends this holds a session in sudo mode, which may be stolen, so
 * a wrong current password counts as a failed "Confirm access" does (checkSudoGuess: sudo's own
 * limits, never the sign-in limit; logged, emailed, the fifth ends the session).
 */
export async function checkPasswordChange(ctx: AccountContext, req: Request, res: Response, user: User, session: AccountSession, request: ChangePasswordRequest, client: ClientInfo): Promise<string> {
  const passed = await checkSudoGuess(ctx, req, res, user, session, client, {
    method: 'password',
    check: async () => ({ passed: await verifyPassword(user.passwordHash, request.currentPassword) }),
    refusal: () => new AppError('invalid_credentials', 'Incorrect password', { fields: [{ path: 'currentPassword', message: 'Incorrect password' }] }),
  });
  // The guess passed whatever the new password turns out to be: its limits settle now.
  await ctx.sql.transaction(passed.settle).catch(async (error: unknown) => {
    await passed.release();
    throw error;
  });
  if (request.newPassword === request.currentPassword) {
    throw new AppError('validation_failed', 'Choose a new password', { fields: [{ path: 'newPassword', message: 'The new password is the current one' }] });
  }
  if (request.newPassword.toLowerCase() === user.username) {
    throw new AppError('validation_failed', 'Choose a password that is not your username', { fields: [{ path: 'newPassword', message: 'Password cannot be your username' }] });
  }
  refuseGuessablePassword(request.newPassword, 'newPassword', [user.username, user.email]);
  return hashPassword(request.newPassword);
}

export interface PasswordChange {
  user: User;
  passwordHash: string;
  /** The session that made the change: it stays signed in. */
  keepSessionIdHash: string;
  client: ClientInfo;
}

/**
 * Rule: a changed password ends every other session, every pending second step and every unused
 * reset link, so whoever knew the old password is out. All of it, and the security event, in the
 * caller's transaction.
 */
export async function applyPasswordChange(ctx: Pick<AccountContext, 'now'>, tx: AccountTx, change: PasswordChange): Promise<{ endedSessions: number }> {
  const now = ctx.now();
  const userId = change.user.id;
  await tx.user.update({ where: { id: userId }, data: { passwordHash: change.passwordHash } });
  const ended = await tx.session.deleteMany({ where: { userId, idHash: { not: change.keepSessionIdHash } } });
  await tx.pendingSignIn.deleteMany({ where: { userId } });
  await tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
  await tx.securityEvent.create({ data: securityEventRow({ userId, action: 'user.change_password', client: change.client, data: { endedSessions: ended.count } }, now) });
  return { endedSessions: ended.count };
}
