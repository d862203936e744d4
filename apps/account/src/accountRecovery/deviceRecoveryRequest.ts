import type { DeviceRecoveryEvidenceView } from '@recovery/core/api/index';
import { newId } from '@recovery/core/ids';
import type { AccountTx, DeviceRecoveryEvidence, User } from '@recovery/db';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { notifyUser } from '../messages/notifyUser.ts';
import { recordSecurityEvent } from '../securityLog/recordSecurityEvent.ts';
import { deviceRecoveryReport } from './deviceRecoveryReport.ts';
import type { VerifiedDevice } from './verifiedDevice.ts';

/** What the request list shows as the "partner" of a request without one. */
export const DEVICE_RECOVERY_SOURCE = 'a verified device';
const tokenPrefix = 'device:';

/** A request without a partner: its token id is this prefix and its own id (unique, as the column demands). */
export function isDeviceRecoveryRequest(request: { tokenId: string }): boolean {
  return request.tokenId.startsWith(tokenPrefix);
}

/**
 * Files a recovery request proven with the verified email and, when there is one, the verified
 * device, with its evidence and the `two_factor_account_recovery.start` event, in `tx`: the spent
 * one-time password commits with it or not at all. Without a device it is filed all the same, so
 * the attempt is on the record and the owner is emailed, but its report fails and it cannot be
 * approved.
 */
export async function openDeviceRecoveryRequest(
  ctx: AccountContext,
  tx: AccountTx,
  input: { user: User; emailVerifiedAt: Date; device: VerifiedDevice | null },
  client: ClientInfo,
): Promise<string> {
  const now = ctx.now();
  const id = newId(now.getTime());
  const evidence: DeviceRecoveryEvidence = {
    requestId: id,
    userId: input.user.id,
    emailVerifiedAt: input.emailVerifiedAt,
    deviceHash: input.device?.deviceHash ?? null,
    deviceUserAgent: input.device?.userAgent ?? null,
    deviceFirstSeenAt: input.device?.firstSeenAt ?? null,
    deviceLastSeenAt: input.device?.lastSeenAt ?? null,
  };
  const report = deviceRecoveryReport(input.user, evidence, input.device, now);
  await tx.recoveryRequest.create({
    data: { id, userId: input.user.id, tokenId: `${tokenPrefix}${id}`, partner: DEVICE_RECOVERY_SOURCE, countersignedToken: '', report: JSON.stringify(report), status: 'pending', createdAt: now },
  });
  await tx.deviceRecoveryEvidence.create({ data: evidence });
  await recordSecurityEvent(
    ctx,
    { userId: input.user.id, action: 'two_factor_account_recovery.start', client, data: { request: id, evidence: input.device ? 'verified_device' : 'email_only' } },
    tx,
  );
  return id;
}

export function notifyDeviceRecoveryStarted(ctx: AccountContext, user: User, device: VerifiedDevice | null): Promise<void> {
  return notifyUser(
    ctx,
    user,
    'Account recovery started',
    [
      `Someone entered the password of ${user.displayName}, verified this email address and asked support to remove two-factor authentication.`,
      device
        ? `The request came from a browser where your account passed two-factor authentication before (${device.userAgent || 'unknown browser'}, first used ${device.firstSeenAt.toISOString()}).`
        : 'The request came from a browser where your account never passed two-factor authentication, so support cannot approve it.',
      'Support will review the request. If it is approved, two-factor authentication is removed after a waiting period.',
      `If this was not you, sign in and cancel it at ${ctx.config.publicOrigin}/settings/security, then change your password.`,
    ].join('\n'),
  );
}

export function evidenceView(row: DeviceRecoveryEvidence): DeviceRecoveryEvidenceView {
  return {
    emailVerifiedAt: row.emailVerifiedAt.toISOString(),
    device:
      row.deviceHash && row.deviceFirstSeenAt && row.deviceLastSeenAt
        ? { userAgent: row.deviceUserAgent ?? '', firstSeenAt: row.deviceFirstSeenAt.toISOString(), lastSeenAt: row.deviceLastSeenAt.toISOString() }
        : null,
  };
}

/** A single request's evidence for the console's answers to a decision (undefined for a partner-token request). */
export async function findEvidenceView(ctx: Pick<AccountContext, 'db'>, requestId: string): Promise<DeviceRecoveryEvidenceView | undefined> {
  const row = await ctx.db.deviceRecoveryEvidence.findUnique({ where: { requestId } });
  return row ? evidenceView(row) : undefined;
}
