import { randomInt } from 'node:crypto';
import { newId } from '@recovery/core/ids';
import { sql } from '@recovery/db';
import type { SqlStatement } from '@recovery/db';
import { RateLimiter, hmacHex, rateLimitTable } from '@recovery/http';
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

const day = 24 * 3_600_000;

/**
 * Rule: SMS sending is throttled per account in the database: a resend of the same kind of code
 * waits a minute (so confirming a new number does not delay the first sign-in code), and all kinds
 * together have a daily cap. Each send is reserved with one atomic increment before anything is
 * texted, so of any number of concurrent requests, on any number of instances, one gets through.
 */
export function sendLimits(ctx: Pick<AccountContext, 'db' | 'now'>): { resend: RateLimiter; daily: RateLimiter } {
  return {
    resend: new RateLimiter(rateLimitTable(ctx.db, 'RateLimit'), { maxFailures: 1, windowMs: resendWaitMs, lockMs: resendWaitMs, maxLockMs: resendWaitMs, message: 'Wait a minute before asking for another code' }, ctx.now),
    daily: new RateLimiter(rateLimitTable(ctx.db, 'RateLimit'), { maxFailures: dailySmsCap, windowMs: day, lockMs: day, maxLockMs: day, message: 'Too many codes sent today; try again tomorrow or use another method' }, ctx.now),
  };
}

/**
 * The send counters' keys. Sign-in codes asked for from a browser the owner has signed in from
 * before count apart (rule: a failure or cost that someone other than the owner can cause must
 * not block the owner's known browser): whoever has the password, or a session, cannot use up
 * the day's texts of the owner's usual browser.
 */
export function smsSendKeys(userId: string, purpose: SmsPurpose, knownDevice = false): { resend: string; daily: string } {
  const browser = knownDevice ? ':known' : '';
  return { resend: `sms:resend:${purpose}:${userId}${browser}`, daily: `sms:day:${userId}${browser}` };
}

async function reserveSend(ctx: AccountContext, userId: string, purpose: SmsPurpose, knownDevice: boolean): Promise<void> {
  const limits = sendLimits(ctx);
  const keys = smsSendKeys(userId, purpose, knownDevice);
  const resend = await limits.resend.attempt(keys.resend);
  let daily;
  try {
    daily = await limits.daily.attempt(keys.daily);
  } catch (error) {
    await resend.cancel();
    throw error;
  }
  // A send is "spent" at once: it stays counted whether or not the text arrives.
  await resend.failed();
  await daily.failed();
}

/**
 * Sends a fresh six-digit code; earlier unused codes of the same purpose stop working.
 * `knownDevice`: asked for by a browser the owner signed in from before (see smsSendKeys).
 */
export async function sendSmsCode(ctx: AccountContext, userId: string, purpose: SmsPurpose, to: string, knownDevice = false): Promise<void> {
  await reserveSend(ctx, userId, purpose, knownDevice);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = ctx.now();
  await ctx.db.smsCode.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await ctx.db.smsCode.create({
    data: { id: newId(now.getTime()), userId, purpose, codeHash: hashCode(ctx, userId, purpose, code), createdAt: now, expiresAt: new Date(now.getTime() + codeLifetimeMs) },
  });
  const message =
    purpose === 'confirm'
      ? `${code} is your ${ctx.config.appName} code to confirm this number as your fallback for two-factor sign-in. It expires in 10 minutes.`
      : `${code} is your ${ctx.config.appName} sign-in code. It expires in 10 minutes. Never share it; we will never call you to ask for it.`;
  // The WebOTP line (origin-bound one-time code): phones offer the code to this site, and only it.
  const text = `${message}\n\n@${new URL(ctx.config.publicOrigin).hostname} #${code}`;
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

/** Whether `code` was right but is past its ten minutes (unused): "expired" says more than "invalid". */
export async function isExpiredSmsCode(ctx: AccountContext, userId: string, purpose: SmsPurpose, code: string, tx: AccountTx = ctx.db): Promise<boolean> {
  const expired = await tx.smsCode.count({ where: { userId, purpose, codeHash: hashCode(ctx, userId, purpose, code), usedAt: null, expiresAt: { lte: ctx.now() } } });
  return expired > 0;
}

/** The same spend as one statement, for a transaction that holds the rest of the outcome. */
export function spendSmsCodeStatement(ctx: AccountContext, userId: string, purpose: SmsPurpose, code: string): SqlStatement {
  const now = ctx.now();
  return sql`UPDATE "SmsCode" SET "usedAt" = ${now} WHERE "userId" = ${userId} AND "purpose" = ${purpose} AND "codeHash" = ${hashCode(ctx, userId, purpose, code)} AND "usedAt" IS NULL AND "expiresAt" > ${now}`;
}
