import { randomInt } from 'node:crypto';
import { AppError } from '@recovery/core/errors';
import { newId } from '@recovery/core/ids';
import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import { hmacHex } from '@recovery/http';
import type { AccountTx } from '@recovery/db';
import type { AccountContext } from '../context.ts';

export type SmsPurpose = 'confirm' | 'sign_in';

const codeLifetimeMs = 10 * 60_000;
/** A resend waits this long after the previous code. */
export const resendWaitMs = 60_000;
/** At most this many codes per account per day, whatever their purpose (SMS costs money and can be abused). */
export const dailySmsCap = 10;

function hashCode(ctx: Pick<AccountContext, 'keys'>, userId: string, purpose: SmsPurpose, code: string): string {
  return hmacHex(ctx.keys.smsCode, `${userId}:${purpose}:${code}`);
}

/**
 * Rule: SMS sending is throttled per account, checked in the database: a resend of the same
 * kind of code waits a minute (so confirming a new number does not delay the first sign-in code),
 * and all kinds together have a daily cap.
 */
async function assertMaySend(ctx: AccountContext, userId: string, purpose: SmsPurpose): Promise<void> {
  const now = ctx.now().getTime();
  const last = await ctx.db.smsCode.findFirst({ where: { userId, purpose }, orderBy: { createdAt: 'desc' } });
  if (last && now - last.createdAt.getTime() < resendWaitMs) {
    const wait = Math.ceil((resendWaitMs - (now - last.createdAt.getTime())) / 1000);
    throw new AppError('rate_limited', `Wait ${wait} seconds before asking for another code`, { retryAfter: wait });
  }
  const today = await ctx.db.smsCode.count({ where: { userId, createdAt: { gt: new Date(now - 24 * 3_600_000) } } });
  if (today >= dailySmsCap) {
    throw new AppError('rate_limited', 'Too many codes sent today; try again tomorrow or use another method', { retryAfter: 3_600 });
  }
}

/** Sends a fresh six-digit code; earlier unused codes of the same purpose stop working. */
export async function sendSmsCode(ctx: AccountContext, userId: string, purpose: SmsPurpose, to: string): Promise<void> {
  await assertMaySend(ctx, userId, purpose);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.now();
  await ctx.db.smsCode.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await ctx.db.smsCode.create({
    data: { id: newId(now.getTime()), userId, purpose, codeHash: hashCode(ctx, userId, purpose, code), createdAt: now, expiresAt: new Date(now.getTime() + codeLifetimeMs) },
  });
  const text =
    purpose === 'confirm'
      ? `${code} is your code to confirm this number as your fallback for two-factor sign-in. It expires in 10 minutes.`
      : `${code} is your sign-in code. It expires in 10 minutes. Never share it; we will never call you to ask for it.`;
  await ctx.sender.send({ channel: 'sms', to, subject: purpose === 'confirm' ? 'Confirm your fallback number' : 'Sign-in code', body: text });
}

/** Spends a matching, unexpired, unused code: one conditional update, so it works exactly once. */
export async function consumeSmsCode(ctx: AccountContext, userId: string, purpose: SmsPurpose, code: string, tx: AccountTx = ctx.db): Promise<boolean> {
  const spent = await tx.smsCode.updateMany({
    where: { userId, purpose, codeHash: hashCode(ctx, userId, purpose, code), usedAt: null, expiresAt: { gt: ctx.now() } },
    data: { usedAt: ctx.now() },
  });
  return spent.count === 1;
}

/** The same spend as one statement, for a transaction that holds the rest of the outcome. */
export function spendSmsCodeStatement(ctx: AccountContext, userId: string, purpose: SmsPurpose, code: string): SqlStatement {
  const now = ctx.now();
  return sql`UPDATE "SmsCode" SET "usedAt" = ${now} WHERE "userId" = ${userId} AND "purpose" = ${purpose} AND "codeHash" = ${hashCode(ctx, userId, purpose, code)} AND "usedAt" IS NULL AND "expiresAt" > ${now}`;
}
