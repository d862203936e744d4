import { useState } from 'react';
import { isApiError } from '../api/ApiError.ts';
import type { RecoveryPartner } from '../api/RecoveryTokenList.ts';
import { startRecovery } from '../api/startRecovery.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { ConfirmPanel } from '../layout/ConfirmPanel.tsx';
import { followAuthorizationUrl } from '../navigation/followAuthorizationUrl.ts';
import { afterWaitingPeriod } from '../format/formatWaitingPeriod.ts';

export interface RecoverWithPartnerProps {
  partner: RecoveryPartner;
  /** The server voided this sign-in attempt: back to the password step. */
  onRestart(message: string): void;
  onCancel(): void;
  /** The service's waiting period after approval (from the session), when known. */
  recoveryWaitingHours?: number | undefined;
}

/** "Recover with <partner>": what will happen, then off to the partner for a fresh sign-in. */
export function RecoverWithPartner({ partner, onRestart, onCancel, recoveryWaitingHours }: RecoverWithPartnerProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleContinue() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      followAuthorizationUrl(await startRecovery());
      // The browser is leaving for the partner; the button stays disabled until it has.
    } catch (cause) {
      if (isApiError(cause, 'unauthenticated')) {
        onRestart(cause.message);
        return;
      }
      setError(actionErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <ConfirmPanel title={`Recover with ${partner.name}`} confirmLabel={`Continue to ${partner.name}`} busy={busy} error={error} onConfirm={handleContinue} onCancel={onCancel}>
      <p>If you stored a recovery token with {partner.name}, it can vouch for you:</p>
      <ol className="steps">
        <li>You sign in at {partner.name} again, even if you are signed in there already.</li>
        <li>You choose the recovery token you stored there for this account.</li>
        <li>
          Our support team reviews the request and emails you. If they approve it, two-factor authentication is removed{' '}
          {afterWaitingPeriod(recoveryWaitingHours)}; until then the recovery can be cancelled from any signed-in session.
        </li>
        <li>You get a reference for the request, to quote if you contact support.</li>
      </ol>
    </ConfirmPanel>
  );
}
