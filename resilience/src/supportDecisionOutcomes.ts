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
