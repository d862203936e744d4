import { useEffect, useRef, useState } from 'react';
import { listOwnRecoveryRequests } from '../api/listOwnRecoveryRequests.ts';
import type { OwnRecoveryRequest } from '../api/OwnRecoveryRequest.ts';
import { RecoveryInProgress } from './RecoveryInProgress.tsx';

function inProgress(request: OwnRecoveryRequest): boolean {
  return request.status === 'pending' || request.status === 'approved';
}

/**
 * An account recovery in progress (pending review, or approved and waiting out its delay), at
 * the top of the settings so the real owner sees it at once and can stop it from any session.
 */
export interface AccountRecoveryNoticeProps {
  /** The service's waiting period after approval, for a request still pending review. */
  recoveryWaitingHours?: number | undefined;
  /** Every request of the account once loaded, for what the page shows about past recoveries. */
  onLoaded?(requests: readonly OwnRecoveryRequest[]): void;
}

export function AccountRecoveryNotice({ recoveryWaitingHours, onLoaded }: AccountRecoveryNoticeProps = {}) {
  const [requests, setRequests] = useState<OwnRecoveryRequest[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    listOwnRecoveryRequests(controller.signal).then(
      (loaded) => {
        setRequests(loaded.filter(inProgress));
        onLoaded?.(loaded);
      },
      () => {
        // Nothing to show is the fallback; the emails about the recovery still reach the owner.
      },
    );
    return () => controller.abort();
    // Loaded once per visit; a new onLoaded function from a re-render is no reason to ask again.
  }, []);

  function handleCancelled(request: OwnRecoveryRequest) {
    setRequests((previous) => previous.filter((existing) => existing.id !== request.id));
    setAnnouncement('The account recovery was cancelled. Two-factor authentication stays on. The recovery token it used cannot be used again; store a new one.');
    // The focused button went with the notice.
    statusRef.current?.focus();
  }

  return (
    <>
      {requests.map((request) => (
        <RecoveryInProgress key={request.id} request={request} recoveryWaitingHours={recoveryWaitingHours} onCancelled={handleCancelled} />
      ))}
      <p ref={statusRef} role="status" className="action-status" tabIndex={-1}>
        {announcement}
      </p>
    </>
  );
}
