import { AppError } from '@recovery/core/errors';
import type { ClientInfo } from '@recovery/http';
import type { OAuthFlow, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyRecoveryStarted, openRecoveryRequest } from '../accountRecovery/recoveryRequests.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import type { PendingSignIn } from '@recovery/db';
import { startAuthorization } from './oauthFlows.ts';
import { recordRecoverError } from './recordRecoverError.ts';
import { assertPartnerReachable } from './partnerOAuth.ts';
import { countersignedTokenFromPartner } from './partnerTokenApi.ts';
import type { RecoveryDependencies } from './recoveryDependencies.ts';
import { verifyCountersignedToken } from './verificationReport.ts';

/** "Recover with <partner>" from the two-factor prompt: only after the password step. */
export async function startRecovery(ctx: AccountContext, deps: RecoveryDependencies, pending: PendingSignIn): Promise<{ url: URL; state: string }> {
  if (!ctx.config.partner) throw new AppError('not_found', 'No recovery partner is configured');
  const configuration = await deps.oauth();
  await assertPartnerReachable(ctx.config.partner.url);
  return startAuthorization(ctx, configuration, { purpose: 'recover', userId: pending.userId, pendingSignInHash: pending.idHash });
}

/**
 * The recovery continues a sign-in that passed the password step; if that attempt is gone (a
 * password reset ended it, or it expired), so is the right to recover through it.
 */
async function assertSignInPending(ctx: AccountContext, user: User, pendingSignInHash: string | null, client: ClientInfo): Promise<void> {
  if (pendingSignInHash && !(await ctx.db.pendingSignIn.findFirst({ where: { idHash: pendingSignInHash, expiresAt: { gt: ctx.now() } } }))) {
    await recordRecoverError(ctx, user.id, client, 'sign_in_expired');
    throw new AppError('unauthenticated', 'Your sign-in expired; enter your password again, then recover');
  }
}

/**
 * The callback half: fetch the countersigned token with the fresh grant, run every check, and
 * only then mark the token used (one conditional update: a token recovers at most once, however
 * many callbacks race) and open the request for support. Any failure is logged with its check.
 */
export async function finishRecovery(
  ctx: AccountContext,
  deps: RecoveryDependencies,
  flow: OAuthFlow,
  grant: { accessToken: string; subject: string },
  client: ClientInfo,
): Promise<{ requestId: string }> {
  const partner = ctx.config.partner;
  if (!partner) throw new AppError('not_found', 'No recovery partner is configured');
  const user = await ctx.db.user.findUniqueOrThrow({ where: { id: flow.userId } });
  // Before the partner countersigns anything.
  await assertSignInPending(ctx, user, flow.pendingSignInHash, client);
  let countersigned: string;
  try {
    countersigned = await countersignedTokenFromPartner(await deps.fetchPartner(partner.url), grant.accessToken);
  } catch (error) {
    await recordRecoverError(ctx, user.id, client, 'partner_error');
    throw error;
  }
  return recoverWithCountersignedToken(ctx, deps, { user, pendingSignInHash: flow.pendingSignInHash, countersigned, partnerSubject: grant.subject }, client);
}

/**
 * Both protocols end here with the countersigned token in hand: the sign-in must still be
 * pending, every check runs (the same verification report), and only then is the token marked
 * used (one conditional update: a token recovers at most once, however many requests race) and
 * the request opened for support, with the same waiting period. Any failure is logged with its
 * check. The draft's browser protocol has no partner subject, so that check is left out there.
 */
export async function recoverWithCountersignedToken(
  ctx: AccountContext,
  deps: RecoveryDependencies,
  input: { user: User; pendingSignInHash: string | null; countersigned: string; partnerSubject: string | undefined },
  client: ClientInfo,
): Promise<{ requestId: string }> {
  const partner = ctx.config.partner;
  if (!partner) throw new AppError('not_found', 'No recovery partner is configured');
  const { user, countersigned, pendingSignInHash } = input;
  await assertSignInPending(ctx, user, pendingSignInHash, client);
  // A spent token gets its own code, so the person is told why and can pick another.
  const fail = async (reason: string, message: string, code: 'token_rejected' | 'token_used' = 'token_rejected'): Promise<never> => {
    await recordRecoverError(ctx, user.id, client, reason);
    throw new AppError(code, message);
  };
  const report = await verifyCountersignedToken(ctx, deps.fetchPartner, countersigned, { userId: user.id, partnerSubject: input.partnerSubject });
  if (!report.ok || !report.tokenId) {
    // Said only to the token's owner: anyone else learns nothing about someone else's token.
    const failed = new Set(report.checks.filter((check) => !check.passed).map((check) => check.check));
    const spent = failed.has('not_recovered_before') && !failed.has('token_owner') && !failed.has('token_known');
    return spent
      ? fail(report.failure ?? 'not_recovered_before', 'That recovery token was already used', 'token_used')
      : fail(report.failure ?? 'unverified', 'That recovery token cannot recover this account');
  }
  const tokenId = report.tokenId;
  // The token spent, its event, the request for support and the end of the sign-in attempt are
  // one outcome: a crash between them must not burn the token and leave support nothing to review.
  const requestId = await ctx.db.$transaction(async (tx) => {
    const used = await tx.recoveryToken.updateMany({
      where: { id: tokenId, userId: user.id, state: 'confirmed', recoveredAt: null },
      data: { state: 'recovered', recoveredAt: ctx.now() },
    });
    if (used.count !== 1) return null;
    await recordSecurityEvent(ctx, { userId: user.id, action: 'account_recovery_token.recover', client, data: { partner: partner.url } }, tx);
    const opened = await openRecoveryRequest(ctx, tx, { user, tokenId, partner: partner.url, countersignedToken: countersigned, report }, client);
    if (pendingSignInHash) await tx.pendingSignIn.deleteMany({ where: { idHash: pendingSignInHash } });
    return opened;
  });
  if (!requestId) return fail('not_recovered_before', 'That recovery token was already used', 'token_used');
  ctx.metrics.outcomes.inc({ event: 'recovery_success', method: 'recovery_token' });
  await notifyRecoveryStarted(ctx, user, partner.url, requestId);
  return { requestId };
}
