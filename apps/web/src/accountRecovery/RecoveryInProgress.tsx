import { useId, useState } from 'react';
import { cancelOwnRecoveryRequest } from '../api/cancelOwnRecoveryRequest.ts';
import type { OwnRecoveryRequest } from '../api/OwnRecoveryRequest.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formatDateTime } from '../format/formatDateTime.ts';
import { formatWaitingPeriod } from '../format/formatWaitingPeriod.ts';

export interface RecoveryInProgressProps {
  request: OwnRecoveryRequest;
  onCancelled(request: OwnRecoveryRequest): void;
  recoveryWaitingHours?: number | undefined;
}

/** One recovery in progress: its state and the owner's "Cancel recovery". */
export function RecoveryInProgress({ request, onCancelled, recoveryWaitingHours }: RecoveryInProgressProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();

  async function handleCancel() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await cancelOwnRecoveryRequest(request.id);
      onCancelled(request);
    } catch (cause) {
      setError(actionErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="warning recovery-notice">
      <h2 id={headingId}>Account recovery in progress</h2>
      <p>
        On <time dateTime={request.createdAt}>{formatDateTime(request.createdAt)}</time>,{' '}
        {request.kind === 'verified_device'
          ? 'someone with your password verified your email address and asked'
          : `a recovery token stored with ${request.partner} was used to ask`}{' '}
        for two-factor authentication to be removed from this account.
      </p>
      {request.status === 'approved' ? (
        <p>
          <strong>
            Support approved it: two-factor authentication will be removed
            {request.completesAt !== null ? (
              <>
                {' '}
                at <time dateTime={request.completesAt}>{formatDateTime(request.completesAt)}</time>
              </>
            ) : (
              ' soon'
            )}
            .
          </strong>
        </p>
      ) : (
        <>
          <p>
            <strong>It is waiting for support to review it.</strong>
          </p>
          <p>
            If support approves it, two-factor authentication is removed{' '}
            {recoveryWaitingHours === undefined
              ? 'after a waiting period'
              : recoveryWaitingHours <= 0
                ? 'as soon as it is approved'
                : `${formatWaitingPeriod(recoveryWaitingHours)} after the approval`}
            .
          </p>
        </>
      )}
      <p>
        Reference: <strong>{request.id}</strong>
      </p>
      <p>To stop it, choose “Cancel recovery” below, from this or any other signed-in session. If this was not you, cancel it now and change your password.</p>
      <FormAlert message={error} />
      <button type="button" className="button-danger" onClick={handleCancel} disabled={busy}>
        Cancel recovery
      </button>
    </section>
  );
}
