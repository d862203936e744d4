import { useRef } from 'react';
import { Link } from 'react-router';
import type { DeviceRecoveryFiled } from '@recovery/core/api/index';
import { afterWaitingPeriod } from '../format/formatWaitingPeriod.ts';
import { formatDate } from '../format/formatDate.ts';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';

/** What happens next once "Verify email address" filed the request, with or without device proof. */
export function DeviceRecoveryFiledNotice({ filed }: { filed: DeviceRecoveryFiled }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  return (
    <div className="stack">
      <h2 ref={headingRef} tabIndex={-1}>
        Account recovery requested
      </h2>
      <p className="recovery-reference">
        Your reference: <strong>{filed.requestId}</strong>. Quote it if you contact support.
      </p>
      {filed.device !== null ? (
        <p>
          Your email address is verified, and this browser vouched for you as a verified device (known since{' '}
          <time dateTime={filed.device.firstSeenAt}>{formatDate(filed.device.firstSeenAt)}</time>). Our support team reviews the request and emails you. If they approve it,
          two-factor authentication is removed {afterWaitingPeriod(filed.waitingHours)}; until then it can be cancelled from any signed-in session.
        </p>
      ) : (
        <p>
          Your email address is verified, but this browser is not a verified device, so support may not be able to help: they can approve a request only from a browser where
          you passed two-factor authentication before. Try again from such a browser if you have one.
        </p>
      )}
      <p className="auth-switch">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
