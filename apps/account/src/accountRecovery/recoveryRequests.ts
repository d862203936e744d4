import type { RecoveryRequestView, VerificationReportView } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { newId } from '@recovery/core/ids';
import type { ClientInfo } from '@recovery/http';
import type { AccountTx, RecoveryRequest, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import type { FetchPartnerConfiguration } from '../recoveryTokens/partnerConfiguration.ts';
import { verifyCountersignedToken } from '../recoveryTokens/verificationReport.ts';
import type { VerificationReport } from '../recoveryTokens/verificationReport.ts';
import { recoveryRequestContexts } from './recoveryRequestContexts.ts';
import { recoveryRequestView } from './recoveryRequestView.ts';
import { withCheckFromRecovery } from './withCheckFromRecovery.ts';
import { evidenceView, isDeviceRecoveryRequest } from './deviceRecoveryRequest.ts';
import { reverifyDeviceRecovery } from './reverifyDeviceRecovery.ts';
import { issueRecoveryCancelLink } from './recoveryCancelLink.ts';

function hours(ms: number): string {
  return `${Math.round((ms / 3_600_000) * 10) / 10} hours`;
}

/**
 * Opens the request support staff will review (one per token: the token id is unique), with
 * its event, in `tx`: the recovery that spent the token commits it or nothing.
 */
export async function openRecoveryRequest(
  ctx: AccountContext,
  tx: AccountTx,
  input: { user: User; tokenId: string; partner: string; countersignedToken: string; report: VerificationReport },
  client: ClientInfo,
): Promise<string> {
  const id = newId(ctx.now().getTime());
  await tx.recoveryRequest.create({
    data: {
      id,
      userId: input.user.id,
      tokenId: input.tokenId,
      partner: input.partner,
      countersignedToken: input.countersignedToken,
      report: JSON.stringify(input.report),
      status: 'pending',
      createdAt: ctx.now(),
    },
  });
  await recordSecurityEvent(ctx, { userId: input.user.id, action: 'two_factor_account_recovery.start', client, data: { request: id, partner: input.partner } }, tx);
  return id;
}

/** Emails the owner, with a link that cancels without signing in (see issueRecoveryCancelLink). */
export async function notifyRecoveryStarted(ctx: AccountContext, user: User, partner: string, requestId: string): Promise<void> {
  const cancelUrl = await issueRecoveryCancelLink(ctx, requestId);
  await notifyUser(
    ctx,
    user,
    'Account recovery started',
    [
      `Someone recovered ${user.displayName} with a recovery token stored at ${partner}.`,
      'Support will review the request. If it is approved, two-factor authentication is removed after a waiting period.',
      `If this was not you, cancel it now (no sign-in needed): ${cancelUrl}`,
      `Or sign in and cancel it at ${ctx.config.publicOrigin}/settings/security. Then change your password.`,
    ].join('\n'),
  );
}

export async function listRecoveryRequests(ctx: AccountContext, status?: string): Promise<RecoveryRequestView[]> {
  const rows = await ctx.db.recoveryRequest.findMany({ where: status ? { status } : {}, include: { user: true }, orderBy: { createdAt: 'desc' }, take: 200 });
  const deviceIds = rows.filter(isDeviceRecoveryRequest).map((row) => row.id);
  const [{ deciders, contexts }, evidence] = await Promise.all([
    recoveryRequestContexts(ctx, rows),
    deviceIds.length ? ctx.db.deviceRecoveryEvidence.findMany({ where: { requestId: { in: deviceIds } } }) : [],
  ]);
  const evidenceById = new Map(evidence.map((row) => [row.requestId, evidenceView(row)]));
  return rows.map((row) =>
    recoveryRequestView(row, {
      decidedByUsername: row.decidedBy ? (deciders.get(row.decidedBy) ?? null) : null,
      context: contexts.get(row.id),
      evidence: evidenceById.get(row.id),
    }),
  );
}

type RequestWithUser = RecoveryRequest & { user: User };

export async function findRequest(ctx: { db: AccountTx }, id: string): Promise<RequestWithUser> {
  const request = await ctx.db.recoveryRequest.findUnique({ where: { id }, include: { user: true } });
  if (!request) throw new AppError('not_found', 'No such recovery request');
  return request;
}

/**
 * Runs every check again, judging freshness at the moment of recovery. Which partner account
 * handed the token over is known only during the recovery itself, so its check is carried over
 * from the report made then: staff see the same set of checks before and after "Verify token".
 */
export async function reverifyRecoveryRequest(ctx: AccountContext, fetchPartner: FetchPartnerConfiguration, id: string): Promise<VerificationReportView> {
  const request = await findRequest(ctx, id);
  if (isDeviceRecoveryRequest(request)) return reverifyDeviceRecovery(ctx, request);
  const report = await verifyCountersignedToken(ctx, fetchPartner, request.countersignedToken, {
    userId: request.userId,
    requestTokenUsedBy: request.id,
    at: request.createdAt,
  });
  return withCheckFromRecovery(report, JSON.parse(request.report) as VerificationReport, 'partner_subject');
}

/**
 * Rule: a request can be approved only by another member of staff, while pending, and while its
 * token still verifies. This runs every check again (over the network), so it runs before the
 * decision's transaction opens.
 */
export async function checkApprovable(ctx: AccountContext, fetchPartner: FetchPartnerConfiguration, staff: User, id: string): Promise<VerificationReportView> {
  const request = await findRequest(ctx, id);
  // Rule: nobody removes 2FA from their own account, not even staff.
  if (request.userId === staff.id) throw new AppError('forbidden', 'Another member of staff must decide on your own recovery');
  if (request.status !== 'pending') throw new AppError('conflict', `This request is ${request.status}`);
  const report = await reverifyRecoveryRequest(ctx, fetchPartner, id);
  // Rule: a request without a partner is approved only with its verified device (see deviceRecoveryRequest.ts).
  if (!report.ok && isDeviceRecoveryRequest(request)) throw new AppError('conflict', `This request is not proven (${report.failure ?? 'unknown'}); decline it`);
  if (!report.ok) throw new AppError('conflict', `The token no longer verifies (${report.failure ?? 'unknown'}); decline the request`);
  return report;
}

/**
 * Rule: approval disables 2FA only after the configured waiting period, during which the real
 * owner can cancel from any signed-in session. The decision and its event commit together in
 * `tx`; the removal itself is completeDueRecoveries' outcome.
 */
export async function approveRecoveryRequest(ctx: AccountContext, tx: AccountTx, staff: User, id: string, report: VerificationReportView, client: ClientInfo): Promise<RequestWithUser> {
  // One instant for both: the waiting period is exactly the configured one, whatever the clock.
  const decidedAt = ctx.now();
  const completesAt = new Date(decidedAt.getTime() + ctx.config.recoveryDelayMs);
  const won = await tx.recoveryRequest.updateMany({
    where: { id, status: 'pending', userId: { not: staff.id } },
    data: { status: 'approved', decidedAt, decidedBy: staff.id, completesAt, report: JSON.stringify(report) },
  });
  if (won.count !== 1) throw new AppError('conflict', 'This request was decided meanwhile');
  const request = await findRequest({ db: tx }, id);
  await recordSecurityEvent(ctx, { userId: request.userId, action: 'two_factor_account_recovery.staff_approve', client, actorId: staff.id, data: { request: id } }, tx);
  return request;
}

export async function notifyRecoveryApproved(ctx: AccountContext, request: RequestWithUser): Promise<void> {
  if (ctx.config.recoveryDelayMs <= 0) {
    return notifyUser(ctx, request.user, 'Account recovery approved', `Support approved the recovery of ${request.user.displayName}. Two-factor authentication is being removed now.`);
  }
  const cancelUrl = await issueRecoveryCancelLink(ctx, request.id);
  await notifyUser(
    ctx,
    request.user,
    'Account recovery approved',
    [
      `Support approved the recovery of ${request.user.displayName}. Two-factor authentication will be removed at ${request.completesAt?.toISOString()} (in ${hours(ctx.config.recoveryDelayMs)}).`,
      `If this was not you, cancel it now (no sign-in needed): ${cancelUrl}`,
    ].join('\n'),
  );
}

export async function declineRecoveryRequest(ctx: AccountContext, tx: AccountTx, staff: User, id: string, reason: string, client: ClientInfo): Promise<RequestWithUser> {
  const request = await findRequest({ db: tx }, id);
  const won = await tx.recoveryRequest.updateMany({
    where: { id, status: { in: ['pending', 'approved'] } },
    data: { status: 'declined', decidedAt: ctx.now(), decidedBy: staff.id, declineReason: reason, completesAt: null },
  });
  if (won.count !== 1) throw new AppError('conflict', `This request is ${request.status}`);
  await recordSecurityEvent(ctx, { userId: request.userId, action: 'two_factor_account_recovery.staff_decline', client, actorId: staff.id, data: { request: id } }, tx);
  return findRequest({ db: tx }, id);
}

export function notifyRecoveryDeclined(ctx: AccountContext, request: RequestWithUser, reason: string): Promise<void> {
  return notifyUser(ctx, request.user, 'Account recovery declined', `Support declined the recovery of ${request.user.displayName}. Reason: ${reason}`);
}

/** The owner stops a recovery they did not ask for, from any signed-in session. */
export async function cancelOwnRecoveryRequest(ctx: AccountContext, tx: AccountTx, user: User, id: string, client: ClientInfo): Promise<void> {
  const won = await tx.recoveryRequest.updateMany({
    where: { id, userId: user.id, status: { in: ['pending', 'approved'] } },
    data: { status: 'cancelled', completesAt: null, decidedAt: ctx.now() },
  });
  if (won.count !== 1) throw new AppError('not_found', 'No recovery request of yours can be cancelled');
  await recordSecurityEvent(ctx, { userId: user.id, action: 'two_factor_account_recovery.abort', client, data: { request: id } }, tx);
}

export function notifyRecoveryCancelled(ctx: AccountContext, user: User): Promise<void> {
  return notifyUser(ctx, user, 'Account recovery cancelled', `The account recovery of ${user.displayName} was cancelled. Two-factor authentication stays on.`);
}

export async function listOwnRecoveryRequests(ctx: AccountContext, userId: string) {
  const rows = await ctx.db.recoveryRequest.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, take: 20 });
  return rows.map((r) => ({
    id: r.id,
    status: r.status as RecoveryRequestView['status'],
    partner: r.partner,
    createdAt: r.createdAt.toISOString(),
    completesAt: r.completesAt?.toISOString() ?? null,
    kind: isDeviceRecoveryRequest(r) ? ('verified_device' as const) : ('partner_token' as const),
  }));
}
