import type { DeviceRecoveryEvidenceView } from '@recovery/core/api/index';
import { formatDateTime } from '../format/formatDateTime.ts';
import { UserAgentText } from '../securityLog/UserAgentText.tsx';

const day = 24 * 3_600_000;

/** A request without a partner: the email verified when, and which device vouched, known how long. */
export function DeviceEvidenceDetails({ evidence, requestedAt }: { evidence: DeviceRecoveryEvidenceView; requestedAt: string }) {
  const device = evidence.device;
  const knownDays = device ? Math.floor((new Date(requestedAt).getTime() - new Date(device.firstSeenAt).getTime()) / day) : 0;
  return (
    <>
      <dt>Email verified</dt>
      <dd>
        <time dateTime={evidence.emailVerifiedAt}>{formatDateTime(evidence.emailVerifiedAt)}</time>
      </dd>
      <dt>Verified device</dt>
      <dd>
        {device !== null ? (
          <>
            <UserAgentText userAgent={device.userAgent} /> · known for {knownDays === 1 ? '1 day' : `${knownDays} days`} (since{' '}
            <time dateTime={device.firstSeenAt}>{formatDateTime(device.firstSeenAt)}</time>, last used <time dateTime={device.lastSeenAt}>{formatDateTime(device.lastSeenAt)}</time>)
          </>
        ) : (
          <strong>None: filed without device proof, cannot be approved</strong>
        )}
      </dd>
    </>
  );
}
