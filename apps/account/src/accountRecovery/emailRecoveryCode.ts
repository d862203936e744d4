import { randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '@recovery/core/errors';
import type { AccountTx, User } from '@recovery/db';
import { hmacHex } from '@recovery/http';
import type { AccountContext } from '../context.ts';

const codeLifetimeMs = 10 * 60_000;
/** Per pending sign-in: one email and two resends, so a password holder cannot flood the owner's inbox. */
export const maxRecoveryEmailSends = 3;
/** Per pending sign-in, whatever the resends: then the password step starts over. */
export const maxRecoveryEmailAttempts = 5;

function hashCode(ctx: Pick<AccountContext, 'keys'>, pendingIdHash: string, code: string): string {
  // Its own domain under the code key: an SMS code's hash never matches here.
  return hmacHex(ctx.keys.smsCode, `email-recovery:${pendingIdHash}:${code}`);
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'•'.repeat(Math.max(local.length - 1, 1))}@${domain}`;
}

/**
 * Emails a fresh one-time password for "Start account recovery" to the account's address; an
 * earlier one of this sign-in attempt stops working. Rule: sends and guesses are counted per
 * pending sign-in, which exists only after the correct password, so nobody without it can aim
 * these emails or guesses at the owner.
 */
export async function sendRecoveryEmailCode(ctx: AccountContext, pendingIdHash: string, user: User): Promise<void> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.now();
  const data = { codeHash: hashCode(ctx, pendingIdHash, code), createdAt: now, expiresAt: new Date(now.getTime() + codeLifetimeMs) };
  const resent = await ctx.db.emailRecoveryCode.updateMany({
    where: { pendingIdHash, userId: user.id, sends: { lt: maxRecoveryEmailSends }, verifiedAt: null },
    data: { ...data, sends: { increment: 1 } },
  });
  if (resent.count === 0) {
    const existing = await ctx.db.emailRecoveryCode.findUnique({ where: { pendingIdHash } });
    if (existing) throw new AppError('rate_limited', 'No more emails for this sign-in attempt; use the last one, or sign in again later');
    await ctx.db.emailRecoveryCode.create({ data: { pendingIdHash, userId: user.id, ...data } });
  }
  await ctx.sender.send({
    channel: 'email',
    to: user.email,
    subject: 'Your account recovery one-time password',
    body: [
      `${code} is the one-time password to start account recovery for ${user.displayName}. It expires in 10 minutes.`,
      '',
      'Someone entered your password and asked to recover your account without two-factor authentication.',
      `If this was not you, do not share this code: change your password at ${ctx.config.publicOrigin}/settings/security.`,
    ].join('\n'),
  });
}

/**
 * Counts one guess before it is checked, in its own commit (at most five per sign-in attempt,
 * whatever the concurrency). Refused when none was sent, it expired, or the guesses are used up.
 */
export async function reserveRecoveryEmailGuess(ctx: AccountContext, pendingIdHash: string): Promise<void> {
  const now = ctx.now();
  const reserved = await ctx.db.emailRecoveryCode.updateMany({
    where: { pendingIdHash, attempts: { lt: maxRecoveryEmailAttempts }, verifiedAt: null, expiresAt: { gt: now } },
    data: { attempts: { increment: 1 } },
  });
  if (reserved.count === 1) return;
  const row = await ctx.db.emailRecoveryCode.findUnique({ where: { pendingIdHash } });
  if (!row) throw new AppError('conflict', 'Ask for a one-time password first');
  if (row.verifiedAt) throw new AppError('conflict', 'This email address is verified already');
  if (row.attempts >= maxRecoveryEmailAttempts) throw new AppError('unauthenticated', 'Too many wrong one-time passwords; enter your password again');
  throw new AppError('expired', 'This one-time password expired; ask for a new one');
}

/** Spends the reserved guess in `tx`: verified once, or `invalid_code`. Returns when it was verified. */
export async function spendRecoveryEmailCode(ctx: AccountContext, tx: AccountTx, pendingIdHash: string, code: string): Promise<Date> {
  const row = await tx.emailRecoveryCode.findUnique({ where: { pendingIdHash } });
  const expected = Buffer.from(row?.codeHash ?? '', 'hex');
  const given = Buffer.from(hashCode(ctx, pendingIdHash, code), 'hex');
  if (!row || expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('invalid_code', 'That one-time password is not right');
  const verifiedAt = ctx.now();
  const won = await tx.emailRecoveryCode.updateMany({ where: { pendingIdHash, verifiedAt: null }, data: { verifiedAt } });
  if (won.count !== 1) throw new AppError('conflict', 'This email address is verified already');
  return verifiedAt;
}
