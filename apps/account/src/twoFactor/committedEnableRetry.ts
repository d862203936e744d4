import type { RecoveryCodesIssued } from '@recovery/core/api/index';
import type { AccountTx, TwoFactor } from '@recovery/db';
import { constantTimeEqual } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { receiptProof } from './outcomeReceipt.ts';
import { listRecoveryCodes } from './recoveryCodeStore.ts';
import { matchTotpCode } from './totpFactor.ts';

/** How long the codes of a committed enable can be asked for again by a retry of it. */
export const enableRetryWindowMs = 10 * 60_000;

const receiptKey = (userId: string) => `enable_2fa:${userId}`;

/** The same attempt: the same signed-in session, confirming the same setup (its sealed secret). */
const enableProof = (ctx: Pick<AccountContext, 'keys'>, sessionIdHash: string, factor: Pick<TwoFactor, 'totpSecretEnc'>) =>
  receiptProof(ctx, 'enable_2fa', sessionIdHash, factor.totpSecretEnc);

/** In the enable's transaction: which set this attempt issued, for a retry whose answer was lost. */
export async function recordEnableReceipt(ctx: AccountContext, tx: AccountTx, factor: TwoFactor, sessionIdHash: string, setId: string): Promise<void> {
  const now = ctx.now();
  const row = { userId: factor.userId, proofHash: enableProof(ctx, sessionIdHash, factor), result: setId, expiresAt: new Date(now.getTime() + enableRetryWindowMs), createdAt: now };
  await tx.outcomeReceipt.upsert({ where: { key: receiptKey(factor.userId) }, create: { key: receiptKey(factor.userId), ...row }, update: row });
}

/**
 * Rule: an enable whose outcome committed but whose answer was lost (a 503 after the COMMIT) is
 * answered again with the codes it committed, which were never shown, instead of "already
 * enabled". Only for the same attempt: the same session and setup, a code the setup's secret
 * produces now (its step was spent by the first try, so it is matched, not spent), within
 * `enableRetryWindowMs`, and while the set it issued is still the current one. Anything else is
 * null: the caller answers 409 as before.
 */
export async function codesOfCommittedEnable(ctx: AccountContext, tx: AccountTx, factor: TwoFactor, sessionIdHash: string, code: string): Promise<RecoveryCodesIssued | null> {
  const receipt = await tx.outcomeReceipt.findUnique({ where: { key: receiptKey(factor.userId) } });
  if (!receipt || receipt.expiresAt <= ctx.now() || !constantTimeEqual(receipt.proofHash, enableProof(ctx, sessionIdHash, factor))) return null;
  if (factor.recoveryCodeSet !== receipt.result) return null;
  if (matchTotpCode(ctx, factor.userId, factor.totpSecretEnc, code) === null) return null;
  const { codes, generatedAt } = await listRecoveryCodes({ ...ctx, db: tx }, factor.userId);
  return { recoveryCodes: codes.map((entry) => entry.code), generatedAt: (generatedAt ?? receipt.createdAt).toISOString() };
}
