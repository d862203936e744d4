import type { Request, Response } from 'express';
import type { TwoFactorSignInRequest } from '@recovery/core/api/index';
import { normaliseRecoveryCode } from '@recovery/core/recoveryCodes';
import { oneRowStep, sql } from '@recovery/db';
import type { SqlStatement, User } from '@recovery/db';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { findReceipt, receiptProof, recordReceiptStatement, spendReceiptStatement } from './outcomeReceipt.ts';

/** How long a committed second step can be asked for again: long enough for a client's retry. */
export const signInRetryWindowMs = 2 * 60_000;

const receiptKey = (pendingIdHash: string) => `sign_in:${pendingIdHash}`;

/** What the retry must bring again: the same factor and the same code (or the same assertion). */
function secondStepProof(ctx: Pick<AccountContext, 'keys'>, input: TwoFactorSignInRequest): string {
  const given = input.method === 'webauthn' ? `${input.response.id}:${input.response.response.signature}` : input.method === 'recovery_code' ? (normaliseRecoveryCode(input.code) ?? input.code) : input.code;
  return receiptProof(ctx, input.method, given);
}

/** For the outcome's transaction: remembers, for this pending sign-in, the session it opened. */
export function committedSignInReceipt(ctx: AccountContext, pendingIdHash: string, userId: string, input: TwoFactorSignInRequest, sessionIdHash: string): SqlStatement {
  return recordReceiptStatement(ctx, { key: receiptKey(pendingIdHash), userId, proofHash: secondStepProof(ctx, input), result: sessionIdHash }, signInRetryWindowMs);
}

/**
 * Rule: a second step whose outcome committed but whose answer was lost (a 503 after the COMMIT)
 * may be asked for again, and gets the sign-in it already won, not "start over with the password"
 * and a code refused as spent. Only the browser that holds the pending sign-in's cookie can ask
 * (the receipt is keyed by its hash), only with the same code (another code ends it), only once
 * (the receipt is spent with the answer), only within `signInRetryWindowMs`, and only while that
 * session still lives (a sign-out since stays a sign-out). The session moves to a new id with the same expiry and
 * sudo state, so the lost cookie, wherever it went, stops working.
 */
export async function retryCommittedSignIn(
  ctx: AccountContext,
  res: Response,
  pendingIdHash: string,
  input: TwoFactorSignInRequest,
  client: ClientInfo,
): Promise<{ user: User; csrfToken: string } | null> {
  const receipt = await findReceipt(ctx, receiptKey(pendingIdHash), secondStepProof(ctx, input), input.method !== 'webauthn');
  if (!receipt) return null;
  const user = await ctx.db.user.findUnique({ where: { id: receipt.userId } });
  if (!user) return null;
  const now = ctx.now();
  const session = ctx.sessions.issue({ userId: user.id, ip: client.ip, userAgent: client.userAgent });
  const done = await ctx.sql.transaction([
    oneRowStep(spendReceiptStatement(receipt, now)),
    oneRowStep(sql`INSERT INTO "Session" ("idHash", "userId", "createdAt", "lastSeenAt", "expiresAt", "sudoUntil", "ip", "userAgent")
SELECT ${session.row.idHash}, "userId", "createdAt", ${now}, "expiresAt", "sudoUntil", "ip", "userAgent" FROM "Session" WHERE "idHash" = ${receipt.result} AND "userId" = ${user.id} AND "expiresAt" > ${now}`),
    { statement: sql`DELETE FROM "Session" WHERE "idHash" = ${receipt.result}` },
  ]);
  if (!done.committed) return null;
  session.setCookie(res);
  return { user, csrfToken: ctx.csrf.issue(res, session.row.idHash) };
}
