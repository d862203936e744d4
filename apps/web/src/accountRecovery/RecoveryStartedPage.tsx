import { Link, useSearchParams } from 'react-router';
import { afterWaitingPeriod } from '../format/formatWaitingPeriod.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { PageTitle } from '../layout/PageTitle.tsx';
import { useSession } from '../session/useSession.ts';

/** A recovery request's id (a ULID): anything else in the address is not shown. */
const referencePattern = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Where the account service sends the browser once the partner vouched for a recovery token. */
export function RecoveryStartedPage() {
  const { recoveryWaitingHours } = useSession();
  const [params] = useSearchParams();
  const reference = params.get('reference');

  return (
    <div className="auth-page">
      <PageTitle>Account recovery started</PageTitle>
      <PageHeading>Account recovery started</PageHeading>
      <p>Your recovery token checked out, and we have opened an account recovery request. Here is what happens next:</p>
      {reference !== null && referencePattern.test(reference) ? (
        <p className="recovery-reference">
          Your reference: <strong>{reference}</strong>. Quote it if you contact support.
        </p>
      ) : null}
      <ol className="steps">
        <li>Our support team reviews the request. We email you when they decide, and at every later step.</li>
        <li>
          If they approve it, two-factor authentication is removed from your account {afterWaitingPeriod(recoveryWaitingHours)}. Then you can sign in with your password alone,
          and you should turn two-factor authentication on again right away.
        </li>
        <li>
          Until then, the real owner of the account can cancel the recovery from any signed-in session: the security settings show it with a “Cancel
          recovery” button. So if someone else started it, it can be stopped.
        </li>
      </ol>
      <p>The recovery token you used cannot be used again.</p>
      <p className="auth-switch">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
