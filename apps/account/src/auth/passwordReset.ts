import { AppError } from '@recovery/core/errors';
import { hashPassword, limitAddress, refuseGuessablePassword, passwordAccountKey, randomToken, sha256Hex } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { resetLimitsIn } from './resetLimitsIn.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { findUserByLogin } from './findUserByLogin.ts';

const lifetimeMs = 60 * 60_000;

/**
 * "Forgot password?": emails a single-use link valid one hour (only its hash is stored). The
 * answer never says whether the account exists; requests are rate limited per address and per
 * account so the mailbox cannot be flooded.
 */
export async function requestPasswordReset(ctx: AccountContext, login: string, client: ClientInfo): Promise<void> {
  // Each request counts against the address like a failed sign-in: mailboxes cannot be flooded.
  await ctx.limits.signInPerAddress.recordFailure(`reset:ip:${limitAddress(client.ip)}`);
  // The rest runs after the answer, so its time (a mail server's, above all) does not tell
  // whether the account exists.
  void sendResetLink(ctx, login).catch((error: unknown) => ctx.logger.error({ err: error }, 'could not prepare a password reset'));
}

async function sendResetLink(ctx: AccountContext, login: string): Promise<void> {
  const user = await findUserByLogin(ctx, login);
  if (!user) return;
  const recent = await ctx.db.passwordReset.count({ where: { userId: user.id, createdAt: { gt: new Date(ctx.now().getTime() - lifetimeMs) } } });
  if (recent >= 3) return;
  const token = randomToken(32);
  await ctx.db.passwordReset.create({
    data: { tokenHash: sha256Hex(token), userId: user.id, createdAt: ctx.now(), expiresAt: new Date(ctx.now().getTime() + lifetimeMs) },
  });
  await notifyUser(
    ctx,
    user,
    'Reset your password',
    [
      `Someone asked to reset the password of ${user.displayName}.`,
      `To choose a new password, open this link within one hour: ${ctx.config.publicOrigin}/reset-password?token=${token}`,
      'Resetting your password does not turn off two-factor authentication.',
      'If you did not ask for this, ignore this email.',
    ].join('\n'),
  );
}

/**
 * Sets the new password with an unused, unexpired link (spent by one conditional update). Rules:
 * a reset never turns 2FA off by itself, and it ends every session of the account. One unit of
 * work: the password is hashed first (argon2 holds no write lock), then the link is spent and the
 * password, the ended sessions, the lifted password lock and the event commit together or not at
 * all, so no fault leaves a new password with the old sessions alive, or unlogged.
 */
export async function completePasswordReset(ctx: AccountContext, token: string, password: string, client: ClientInfo): Promise<void> {
  const tokenHash = sha256Hex(token);
  const reset = await ctx.db.passwordReset.findUnique({ where: { tokenHash } });
  const expired = () => new AppError('expired', 'That reset link has expired or was already used; ask for a new one');
  if (!reset || reset.usedAt !== null || reset.expiresAt <= ctx.now()) throw expired();
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: reset.userId } });
  // Rule: a refused password leaves the link usable, so it is checked before the link is spent.
  if (password.toLowerCase() === user.username) {
    throw new AppError('validation_failed', 'Choose a password that is not your username', { fields: [{ path: 'password', message: 'Password cannot be your username' }] });
  }
  refuseGuessablePassword(password, 'password', [user.username, user.email]);
  const passwordHash = await hashPassword(password);
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    // The user's row is locked first: two of the user's links completed at once then queue on
    // it, rather than each holding its own link while waiting on the other (a deadlock).
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const spent = await tx.passwordReset.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (spent.count !== 1) throw expired();
    await tx.session.deleteMany({ where: { userId: user.id } });
    await tx.pendingSignIn.deleteMany({ where: { userId: user.id } });
    await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    // The mailbox proves the password may change, not that the second factor is the owner's: the
    // password lockout lifts, the 2FA counters (and the 100-failure ceiling) stay as they are.
    await resetLimitsIn(tx, [passwordAccountKey(user.id), passwordAccountKey(user.id, true)]);
    await recordSecurityEvent(ctx, { userId: user.id, action: 'user.password_reset', client }, tx);
  });
  await notifyUser(ctx, user, 'Your password was changed', `The password of ${user.displayName} was reset and every session was signed out. If this was not you, contact support.`);
}
