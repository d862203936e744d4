import type { TwoFactorChallenge } from '@recovery/core/api/index';
import { formatDateTime } from '../format/formatDateTime.ts';

export type OpenRecovery = NonNullable<TwoFactorChallenge['recovery']>;

/**
 * On the second sign-in step, where a person who lost every factor is stuck: their recovery's
 * state, when two-factor authentication goes, the reference, and, if it was not them, how to
 * cancel it.
 */
export function RecoveryAtSignIn({ recovery }: { recovery: OpenRecovery }) {
  return (
    <div role="note" aria-label="Account recovery in progress" className="warning recovery-notice">
      {recovery.status === 'approved' ? (
        <p>
          <strong>
            Your account recovery was approved: two-factor authentication is removed
            {recovery.completesAt !== null ? (
              <>
                {' '}
                on <time dateTime={recovery.completesAt}>{formatDateTime(recovery.completesAt)}</time>
              </>
            ) : (
              ' soon'
            )}
            .
          </strong>{' '}
          From then on your password alone signs you in.
        </p>
      ) : (
        <p>
          <strong>An account recovery is waiting for support to review it.</strong> We email you when it is decided.
        </p>
      )}
      <p>Reference: {recovery.reference}. Quote it if you contact support.</p>
      <p>If you did not ask for it, sign in another way below and cancel it from your settings.</p>
    </div>
  );
}
