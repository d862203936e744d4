import type { DeviceRecoveryEvidenceView, RecoveryRequestContext, RecoveryRequestView } from '@recovery/core/api/index';
import type { RecoveryRequest, User } from '@recovery/db';
import type { VerificationReport } from '../recoveryTokens/verificationReport.ts';

export function recoveryRequestView(
  request: RecoveryRequest & { user: User },
  extras: { decidedByUsername: string | null; context?: RecoveryRequestContext | undefined; evidence?: DeviceRecoveryEvidenceView | undefined },
): RecoveryRequestView {
  return {
    id: request.id,
    status: request.status as RecoveryRequestView['status'],
    user: { id: request.user.id, username: request.user.displayName, email: request.user.email },
    partner: request.partner,
    tokenId: request.tokenId,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
    decidedBy: request.decidedBy,
    decidedByUsername: extras.decidedByUsername,
    declineReason: request.declineReason,
    completesAt: request.completesAt?.toISOString() ?? null,
    completedAt: request.completedAt?.toISOString() ?? null,
    report: JSON.parse(request.report) as VerificationReport,
    ...(extras.context ? { context: extras.context } : {}),
    ...(extras.evidence ? { evidence: extras.evidence } : {}),
  };
}
