import { DeviceEvidenceDetails } from './DeviceEvidenceDetails.tsx';
import { useEffect, useId, useRef, useState } from 'react';
import type { RecoveryRequestView, VerificationReportView } from '@recovery/core/api/index';
import { approveRecoveryRequest } from '../api/approveRecoveryRequest.ts';
import { reverifyRecoveryRequest } from '../api/reverifyRecoveryRequest.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formatDateTime } from '../format/formatDateTime.ts';
import { ConfirmPanel } from '../layout/ConfirmPanel.tsx';
import { checkLabel } from './checkLabel.ts';
import { DeclineRecoveryForm } from './DeclineRecoveryForm.tsx';
import { RecoveryRequestContextView } from './RecoveryRequestContextView.tsx';
import { statusLabel } from './statusFilter.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { VerificationReport } from './VerificationReport.tsx';

type Mode = 'view' | 'confirm-approve' | 'decline';

export interface RecoveryRequestItemProps {
  request: RecoveryRequestView;
  onChanged(request: RecoveryRequestView): void;
}

function verifiedSummary(report: VerificationReportView): string {
  if (report.ok) return `Verified again: all ${report.checks.length} checks passed.`;
  return `Verified again: not verified${report.failure !== null ? ` (${checkLabel(report.failure)})` : ''}.`;
}

function approvedSummary(request: RecoveryRequestView): string {
  const who = request.user.username;
  if (request.status === 'completed') return `Approved. Two-factor authentication was removed from ${who}, who was emailed.`;
  const when = request.completesAt !== null ? ` at ${formatDateTime(request.completesAt)}` : ' after the waiting period';
  return `Approved. Two-factor authentication will be removed from ${who}${when}, unless the owner cancels.`;
}

/** One recovery request: who, which partner, when, its report, and the decisions still open. */
export function RecoveryRequestItem({ request, onChanged }: RecoveryRequestItemProps) {
  const { runWithSudo } = useSudo();
  const [report, setReport] = useState(request.report);
  const [mode, setMode] = useState<Mode>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returning = useRef(false);
  const { user } = request;

  // Back from a confirmation, focus lands on the request instead of a button that may be gone.
  useEffect(() => {
    if (mode === 'view' && returning.current) {
      returning.current = false;
      headingRef.current?.focus();
    }
  }, [mode]);

  function backToView() {
    returning.current = true;
    setError(null);
    setMode('view');
  }

  function open(next: Mode) {
    setError(null);
    setAnnouncement('');
    setMode(next);
  }

  async function handleVerify() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setAnnouncement('');
    try {
      const fresh = await reverifyRecoveryRequest(request.id);
      setReport(fresh);
      setAnnouncement(verifiedSummary(fresh));
    } catch (cause) {
      setError(actionErrorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  async function handleApprove() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      // Approving removes someone's 2FA: the service asks for "Confirm access" first.
      const approved = await runWithSudo(() => approveRecoveryRequest(request.id));
      setReport(approved.report);
      onChanged(approved);
      setAnnouncement(approvedSummary(approved));
      backToView();
    } catch (cause) {
      setError(actionErrorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  function handleDeclined(declined: RecoveryRequestView) {
    onChanged(declined);
    setAnnouncement(`Declined. ${declined.user.username} was emailed your reason; two-factor authentication stays on.`);
    backToView();
  }

  const canApprove = request.status === 'pending';
  const canDecline = request.status === 'pending' || request.status === 'approved';

  return (
    <article aria-labelledby={headingId} className="panel recovery-request">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Recovery for {user.username}
      </h2>
      <dl className="details">
        <dt>Status</dt>
        <dd>
          <span className={request.status === 'pending' ? 'badge badge-attention' : 'badge'}>{statusLabel(request.status)}</span>
        </dd>
        <dt>User</dt>
        <dd>
          {user.username} · {user.email} · <code>{user.id}</code>
        </dd>
        <dt>Partner</dt>
        <dd>{request.partner}</dd>
        <dt>Requested</dt>
        <dd>
          <time dateTime={request.createdAt}>{formatDateTime(request.createdAt)}</time>
        </dd>
        {request.evidence !== undefined ? (
          <DeviceEvidenceDetails evidence={request.evidence} requestedAt={request.createdAt} />
        ) : (
          <>
            <dt>Token</dt>
            <dd>
              <code>{request.tokenId}</code>
            </dd>
          </>
        )}
        {request.decidedAt !== null ? (
          <>
            <dt>Decided</dt>
            <dd>
              <time dateTime={request.decidedAt}>{formatDateTime(request.decidedAt)}</time>
              {request.decidedBy !== null ? <> by {request.decidedByUsername ?? <code>{request.decidedBy}</code>}</> : null}
            </dd>
          </>
        ) : null}
        {request.declineReason !== null ? (
          <>
            <dt>Decline reason</dt>
            <dd>{request.declineReason}</dd>
          </>
        ) : null}
        {request.status === 'approved' && request.completesAt !== null ? (
          <>
            <dt>Two-factor removed at</dt>
            <dd>
              <time dateTime={request.completesAt}>{formatDateTime(request.completesAt)}</time>
            </dd>
          </>
        ) : null}
        {request.completedAt !== null ? (
          <>
            <dt>Completed</dt>
            <dd>
              <time dateTime={request.completedAt}>{formatDateTime(request.completedAt)}</time>
            </dd>
          </>
        ) : null}
      </dl>

      {request.context ? <RecoveryRequestContextView context={request.context} /> : null}

      <VerificationReport report={report} title="Verification report" />

      <p role="status" className="action-status">
        {announcement}
      </p>

      {mode === 'confirm-approve' ? (
        <ConfirmPanel
          title={`Approve the recovery of ${user.username}?`}
          confirmLabel="Approve"
          danger
          busy={busy}
          error={error}
          onConfirm={handleApprove}
          onCancel={backToView}
        >
          <p>
            Two-factor authentication, the recovery codes, security keys and fallback number of {user.username} are removed after the waiting
            period, unless the owner cancels from a signed-in session. They are emailed now.
          </p>
          {!report.ok ? <p className="field-error">The last verification failed: the service approves only a token that verifies now.</p> : null}
        </ConfirmPanel>
      ) : null}

      {mode === 'decline' ? <DeclineRecoveryForm request={request} onDeclined={handleDeclined} onCancel={backToView} /> : null}

      {mode === 'view' ? (
        <>
          <FormAlert message={error} />
          <div className="actions">
            <button type="button" onClick={handleVerify} disabled={busy}>
              Verify token
            </button>
            {canApprove ? (
              <button type="button" className="button-primary" onClick={() => open('confirm-approve')} disabled={busy}>
                Approve
              </button>
            ) : null}
            {canDecline ? (
              <button type="button" className="button-danger" onClick={() => open('decline')} disabled={busy}>
                Decline
              </button>
            ) : null}
          </div>
        </>
      ) : null}
    </article>
  );
}
