import { AppError } from '@recovery/core/errors';
import type { RecoveryRequest, User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import type { VerificationReport } from '../recoveryTokens/verificationReport.ts';
import { deviceRecoveryReport } from './deviceRecoveryReport.ts';
import { verifiedDeviceByHash } from './verifiedDevice.ts';

/**
 * Runs a request-without-partner's checks again: the email stays verified when it was, and the
 * device must still be a verified device of the account now (not forgotten, 2FA not turned on
 * again since). A request filed without a device never passes.
 */
export async function reverifyDeviceRecovery(ctx: AccountContext, request: RecoveryRequest & { user: User }): Promise<VerificationReport> {
  const evidence = await ctx.db.deviceRecoveryEvidence.findUnique({ where: { requestId: request.id } });
  if (!evidence) throw new AppError('not_found', 'This recovery request has no evidence on record');
  const device = evidence.deviceHash ? await verifiedDeviceByHash(ctx.db, request.userId, evidence.deviceHash) : null;
  return deviceRecoveryReport(request.user, evidence, device, ctx.now());
}
