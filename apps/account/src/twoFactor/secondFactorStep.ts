import type { Request, Response } from 'express';
import type { TwoFactorSignInRequest } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { asNumber, oneRowStep, sql } from '@recovery/db';
import type { SqlStatement, SqlStep, User } from '@recovery/db';
import { reserveAttempts, successStatement } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { signInOutcome } from '../auth/signInOutcome.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import type { SecurityEventInput } from '../securityLog/recordSecurityEvent.ts';
import { insertSecurityEventsStatement } from '../securityLog/securityEventStatements.ts';
import { checkSecurityKey, refusedKeyDetail } from '../securityKeys/verifySecurityKey.ts';
import { spendSmsCodeStatement } from '../fallbackSms/smsCodes.ts';
import { committedSignInReceipt, retryCommittedSignIn } from './committedSignInRetry.ts';
import { clearPendingSignInCookie, deletePendingSignInStatement, endPendingSignIn, pendingIdHash, pendingSecondStepFrom, pendingSecondStepRead, reservePendingAttemptStep } from './pendingSignIn.ts';
import type { PendingSecondStep } from './pendingSignIn.ts';
import { spendRecoveryCodeStatement } from './recoveryCodeStore.ts';
import { accountKey, accountKeyOfPending, addressKey, maxFailuresPerPendingSignIn } from './twoFactorLimits.ts';
import { matchTotpCode, spendTotpStepStatement } from './totpFactor.ts';

const failureMessages: Record<TwoFactorSignInRequest['method'], string> = {
  totp: 'Invalid authentication code',
  recovery_code: 'Invalid or already used recovery code',
  webauthn: 'The security key could not be verified',
  sms: 'Invalid or expired code',
};

const expired = () => new AppError('unauthenticated', 'Your sign-in expired; enter your password again');
const tooManyWrongCodes = () => new AppError('unauthenticated', 'Too many wrong codes; enter your password again');

type SecondFactorCheck = { spend: SqlStep[] } | { spend: null; detail?: Record<string, string> };

/**
 * The check of the second factor, and the steps that spend it, to commit with the outcome: each
 * must change one row for the factor to count (so a code, time step or security-key challenge
 * works once, and a key's counter moves once). No spend when it is wrong.
 */
async function secondFactorSpend(ctx: AccountContext, pending: PendingSecondStep, input: TwoFactorSignInRequest): Promise<SecondFactorCheck> {
  const spent = (statement: SqlStatement) => ({ spend: [oneRowStep(statement)] });
  const wrong = { spend: null };
  const userId = pending.user.id;
  switch (input.method) {
    case 'totp': {
      if (!pending.totpEnabled || !pending.totpSecretEnc) return wrong;
      const step = matchTotpCode(ctx, userId, pending.totpSecretEnc, input.code);
      return step === null ? wrong : spent(spendTotpStepStatement(userId, step));
    }
    case 'recovery_code': {
      const statement = pending.recoveryCodeSet ? spendRecoveryCodeStatement(ctx, userId, pending.recoveryCodeSet, input.code) : null;
      return statement ? spent(statement) : wrong;
    }
    case 'sms':
      return spent(spendSmsCodeStatement(ctx, userId, 'sign_in', input.code));
    case 'webauthn': {
      const check = await checkSecurityKey(ctx, { purpose: 'sign_in', userId, bindingHash: pending.idHash }, input.response);
      return check.ok ? { spend: check.spend } : { spend: null, detail: refusedKeyDetail(ctx, userId, input.response.id, check) };
    }
  }
}

function successEvents(user: User, method: TwoFactorSignInRequest['method'], client: ClientInfo): SecurityEventInput[] {
  const base = { userId: user.id, client };
  return [
    { ...base, action: 'user.two_factor_challenge_success', data: { method } },
    ...(method === 'sms' ? [{ ...base, action: 'two_factor_authentication.sign_in_fallback_sms' as const }] : []),
    ...(method === 'recovery_code' ? [{ ...base, action: 'user.two_factor_recover' as const }] : []),
  ];
}

/**
 * The second step of a sign-in, as one unit of work in at most two commits. First the
 * reservation, before the code is checked (so a locked account learns nothing from a guess, and
 * concurrent guesses cannot overshoot): one more code against this sign-in attempt (at most
 * five, then the password step starts over), and one attempt per address and per account. Then
 * the outcome, in one transaction: on success the spent code or step, the end of the pending
 * sign-in, the settled limits, the session, the security events and the known browser; on
 * failure the counted failures (which may lock) and the security event. A success also leaves a
 * receipt, so a retry whose answer was lost after the COMMIT gets the same sign-in again.
 */
export async function signInWithSecondFactor(
  ctx: AccountContext,
  req: Request,
  res: Response,
  input: TwoFactorSignInRequest,
  client: ClientInfo,
): Promise<{ user: User; csrfToken: string }> {
  const idHash = pendingIdHash(ctx, req);
  if (!idHash) throw expired();
  const { perAddress, perAccount } = ctx.twoFactorLimits;
  const address = addressKey(client.ip);
  const table = perAccount.table.name;

  // The read (the pending sign-in, its user, their factor and whether this browser is theirs)
  // goes out in the reservation's transaction, which names the account by the pending sign-in:
  // a read decides nothing, and the code is checked only once the attempt is reserved.
  // Every transaction of this step locks rows in this order: the pending sign-in, the address,
  // the account (so concurrent requests cannot deadlock), and the limiter rows (the per-address
  // row is shared by every sign-in from one address: a NAT, an office) come last, so their locks
  // are held for the least time (on PostgreSQL, from that statement to the COMMIT).
  // Rule (reservation before check): the reservation's COMMIT need not wait for the disk. No
  // verdict on the code is answered before the outcome's commit (success, failure or release),
  // which waits for the disk and, the log being flushed in order, flushes the reservation with it:
  // a crash can lose only reservations whose code was never answered. Not covered: a database
  // that crashes and is back within the moment between one request's two commits, which lets
  // that request's guess go uncounted on the pending sign-in (a failover to a standby that had
  // not received them loses synchronous commits too).
  const now = ctx.now();
  const reserved = await reserveAttempts(
    ctx.sql,
    [pendingSecondStepRead(ctx, req, idHash), reservePendingAttemptStep(idHash, now)],
    [
      { limiter: perAddress, key: address },
      { limiter: perAccount, key: accountKeyOfPending(idHash) },
    ],
    undefined,
    { flush: 'later' },
  );
  const pending = pendingSecondStepFrom(idHash, reserved.results[0]);
  // The pending step locks the row the read found, so a granted reservation always has it.
  if (!pending && reserved.granted) throw new Error('A reservation was granted for a pending sign-in its read did not find');
  if (!pending) {
    // The sign-in may have committed with its answer lost: the same browser and code get it again.
    const retried = await retryCommittedSignIn(ctx, res, idHash, input, client);
    if (!retried) throw expired();
    clearPendingSignInCookie(ctx, res);
    return retried;
  }
  if (!reserved.granted) {
    if (pending.expiresAt <= now) {
      await endPendingSignIn(ctx, res, pending.idHash);
      throw expired();
    }
    ctx.metrics.outcomes.inc({ event: 'two_factor_locked_out', method: input.method });
    await endPendingSignIn(ctx, res, pending.idHash);
    throw tooManyWrongCodes();
  }
  const { user } = pending;
  const account = accountKey(user.id, pending.knownDevice);
  const attemptsUsed = asNumber(reserved.results[1]?.rows[0]?.failures);
  // Nothing was decided: give the reservations back rather than leak them.
  const release = () =>
    ctx.sql.transaction([
      { statement: sql`UPDATE "PendingSignIn" SET "failures" = "failures" - 1 WHERE "idHash" = ${pending.idHash} AND "failures" > 0` },
      { statement: successStatement(table, [address, account], []) },
    ]);

  let check: SecondFactorCheck;
  try {
    check = await secondFactorSpend(ctx, pending, input);
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }

  const { spend } = check;
  if (spend) {
    const outcome = signInOutcome(ctx, req, user, client, { events: successEvents(user, input.method, client), knownDevice: pending.deviceKnown });
    const done = await ctx.sql.transaction([
      ...spend,
      oneRowStep(deletePendingSignInStatement(pending.idHash)),
      { statement: committedSignInReceipt(ctx, pending.idHash, user.id, input, outcome.sessionIdHash) },
      ...outcome.steps,
      // Rule: a success resets the account's consecutive-failure count (from a known browser, both
      // counts: the owner is back); the per-address count is never reset by a success. Last (hot row).
      { statement: successStatement(table, [address, account], pending.knownDevice ? [account, accountKey(user.id, false)] : [account]) },
    ]);
    if (done.committed) {
      ctx.metrics.outcomes.inc({ event: 'two_factor_success', method: input.method });
      clearPendingSignInCookie(ctx, res);
      // finish() reads the device steps' results from the end: the limits' step is not one of them.
      const csrfToken = await outcome.finish(res, done.results.slice(0, -1));
      if (input.method === 'recovery_code') {
        await notifyUser(ctx, user, 'A recovery code was used', `A recovery code was used to sign in to ${user.displayName}. Each code works once; generate new codes if you are running low.`);
      }
      return { user, csrfToken };
    }
    if (done.refusedAt === spend.length) {
      // Another request finished this sign-in first.
      await release();
      clearPendingSignInCookie(ctx, res);
      throw expired();
    }
    // The code was already spent (a replay, or a concurrent request with the same code): a failure.
  }

  const voided = attemptsUsed >= maxFailuresPerPendingSignIn;
  // Rows are locked in the reservation's order (the pending sign-in, the address, the account),
  // so concurrent guesses cannot deadlock; the limiter rows come last (hot rows last).
  await ctx.sql.transaction([
    { statement: insertSecurityEventsStatement([{ userId: user.id, action: 'user.two_factor_challenge_failure', client, data: { method: input.method, ...('detail' in check ? check.detail : {}) } }], ctx.now()) },
    ...(voided ? [{ statement: deletePendingSignInStatement(pending.idHash) }] : []),
    { statement: perAddress.failure(address) },
    { statement: perAccount.failure(account) },
  ]);
  ctx.metrics.outcomes.inc({ event: 'two_factor_failure', method: input.method });
  if (attemptsUsed === 1) {
    await notifyUser(
      ctx,
      user,
      'Failed two-factor sign-in attempt',
      `Someone entered your password correctly but failed the two-factor step.\nAddress: ${client.ip}\nBrowser: ${client.userAgent || 'unknown'}\nIf this was not you, change your password now.`,
    );
  }
  if (voided) {
    clearPendingSignInCookie(ctx, res);
    throw tooManyWrongCodes();
  }
  // The last allowed wrong code is announced before it is used, not discovered after.
  const lastChance = attemptsUsed === maxFailuresPerPendingSignIn - 1 ? '. One more wrong code and you will have to enter your password again' : '';
  const message = `${failureMessages[input.method]}${lastChance}`;
  throw new AppError('invalid_code', message, { fields: [{ path: input.method === 'webauthn' ? 'response' : 'code', message }] });
}
