import { newId } from '@recovery/core/ids';
import type { AccountDb } from '@recovery/db';

export interface Decision {
  requestId: string;
  /** The status support's answer reported, when it answered 200. */
  answered?: string;
}

/**
 * A pending recovery request of `userId`, stored as the partner flow stores one (its token and
 * report are placeholders: declining looks at neither).
 */
export async function seedPendingRequest(db: AccountDb, userId: string): Promise<Decision> {
  const requestId = newId();
  await db.recoveryRequest.create({
    data: { id: requestId, userId, tokenId: `fault-${requestId}`, partner: 'http://127.0.0.1:9', countersignedToken: 'placeholder', report: '{}', status: 'pending' },
  });
  return { requestId };
}

/**
 * A decline as it stands afterwards, whatever it was answered: still pending with no decision and
 * no event (nothing committed), or declined with who decided, when, the reason and exactly one
 * `staff_decline` event (all committed); one answered 200 is declined.
 */
export async function halfDecline(db: AccountDb, decision: Decision): Promise<string | null> {
  const request = await db.recoveryRequest.findUniqueOrThrow({ where: { id: decision.requestId } });
  const events = await db.securityEvent.count({ where: { userId: request.userId, action: 'two_factor_account_recovery.staff_decline' } });
  const untouched = request.status === 'pending' && !request.decidedAt && !request.decidedBy && events === 0;
  const declined = request.status === 'declined' && !!request.decidedAt && !!request.decidedBy && !!request.declineReason && events === 1;
  const whole = decision.answered ? declined && decision.answered === 'declined' : untouched || declined;
  return whole ? null : `${decision.requestId}: ${request.status} decided=${!!request.decidedAt} events=${events} answered=${decision.answered ?? '-'}`;
}

/**
 * A pending recovery request without a partner, proven with a verified device, as the
 * verified-device recovery files one: the account's known browser, last used after 2FA was
 * turned on, is its evidence, so support can approve it.
 */
export async function seedDeviceRequest(db: AccountDb, userId: string): Promise<Decision> {
  const requestId = newId();
  const device = await db.knownDevice.findFirstOrThrow({ where: { userId } });
  const seen = await db.knownDevice.update({ where: { userId_deviceHash: { userId, deviceHash: device.deviceHash } }, data: { lastSeenAt: new Date() } });
  await db.recoveryRequest.create({
    data: { id: requestId, userId, tokenId: `device:${requestId}`, partner: 'a verified device', countersignedToken: '', report: '{}', status: 'pending' },
  });
  await db.deviceRecoveryEvidence.create({
    data: { requestId, userId, emailVerifiedAt: new Date(), deviceHash: seen.deviceHash, deviceUserAgent: seen.userAgent, deviceFirstSeenAt: seen.firstSeenAt, deviceLastSeenAt: seen.lastSeenAt },
  });
  return { requestId };
}

/**
 * An approval (with no waiting period) as it stands afterwards: each of its two commits whole.
 * Still pending with 2FA on and no event; approved with its one `staff_approve` event and 2FA
 * still on (the removal not committed yet: the next sign-in or sweep finishes it); or completed
 * with 2FA removed, no recovery code left, and one `staff_approve`, `two_factor_destroy` and
 * `complete` event each. One answered 200 is completed.
 */
export async function halfApproval(db: AccountDb, decision: Decision): Promise<string | null> {
  const request = await db.recoveryRequest.findUniqueOrThrow({ where: { id: decision.requestId } });
  const userId = request.userId;
  const count = (action: string) => db.securityEvent.count({ where: { userId, action: `two_factor_account_recovery.${action}` } });
  const [approve, destroy, complete, factor, codes] = await Promise.all([
    count('staff_approve'),
    count('two_factor_destroy'),
    count('complete'),
    db.twoFactor.findUnique({ where: { userId } }),
    db.recoveryCode.count({ where: { userId } }),
  ]);
  const on = !!factor?.enabledAt && codes === 16;
  const off = !factor?.enabledAt && codes === 0;
  const events = `${approve}/${destroy}/${complete}`;
  const pending = request.status === 'pending' && !request.decidedAt && events === '0/0/0' && on;
  const approved = request.status === 'approved' && !!request.decidedAt && !!request.completesAt && events === '1/0/0' && on;
  const completed = request.status === 'completed' && !!request.completedAt && events === '1/1/1' && off;
  const whole = decision.answered ? completed && decision.answered === 'completed' : pending || approved || completed;
  return whole ? null : `${decision.requestId}: ${request.status} events=${events} twoFactor=${!!factor?.enabledAt} codes=${codes} answered=${decision.answered ?? '-'}`;
}
