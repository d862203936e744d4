import type { DeviceRecoveryEvidence, User } from '@recovery/db';
import type { Check, VerificationReport } from '../recoveryTokens/verificationReport.ts';
import type { VerifiedDevice } from './verifiedDevice.ts';

const day = 24 * 3_600_000;

function days(from: Date, to: Date): string {
  const n = Math.floor((to.getTime() - from.getTime()) / day);
  return n === 1 ? '1 day' : `${n} days`;
}

/**
 * The checks support sees for a request without a partner, in the token report's shape so the
 * console lists, re-verifies and approves both kinds alike. `device` is the verified device as
 * it stands at `at`: it must still be one (the record kept, 2FA not turned on again since).
 */
export function deviceRecoveryReport(user: User, evidence: DeviceRecoveryEvidence, device: VerifiedDevice | null, at: Date): VerificationReport {
  const checks: Check[] = [
    { check: 'password', passed: true, detail: 'The password was entered correctly before the request' },
    { check: 'email_verified', passed: true, detail: `A one-time password sent to ${user.email} was entered at ${evidence.emailVerifiedAt.toISOString()}` },
    device
      ? {
          check: 'verified_device',
          passed: true,
          detail: `From a browser where the account passed 2FA: ${device.userAgent || 'unknown browser'}, known for ${days(device.firstSeenAt, at)} (first used ${device.firstSeenAt.toISOString()}, last ${device.lastSeenAt.toISOString()})`,
        }
      : {
          check: 'verified_device',
          passed: false,
          detail: evidence.deviceHash
            ? 'The browser the request came from is no longer a verified device of this account'
            : 'No verified device: the request came from a browser where this account never passed 2FA',
        },
  ];
  const failed = checks.find((check) => !check.passed);
  return { ok: !failed, checks, failure: failed?.check ?? null, tokenId: null, userId: user.id, fields: null, verifiedAt: at.toISOString() };
}
