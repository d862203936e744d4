import { TwoFactorCheckupState } from '../checkup/TwoFactorCheckupState.tsx';
import { useId, useState } from 'react';
import type { RecoveryCodesIssued } from '@recovery/core/api/index';
import { AccountRecoveredBanner } from '../accountRecovery/AccountRecoveredBanner.tsx';
import { AccountRecoveryNotice } from '../accountRecovery/AccountRecoveryNotice.tsx';
import { useTurnedOnSince } from '../accountRecovery/useTurnedOnSince.ts';
import type { OwnRecoveryRequest } from '../api/OwnRecoveryRequest.ts';
import { FallbackSmsSection } from '../fallbackSms/FallbackSmsSection.tsx';
import { PageHeading } from '../layout/PageHeading.tsx';
import { RecoveryTokensSection } from '../recoveryTokens/RecoveryTokensSection.tsx';
import { LoadingStatus } from '../routes/LoadingStatus.tsx';
import { PasskeysSection } from '../passkeys/PasskeysSection.tsx';
import { SecurityKeysSection } from '../securityKeys/SecurityKeysSection.tsx';
import { useSession } from '../session/useSession.ts';
import { NewRecoveryCodes } from '../twoFactor/NewRecoveryCodes.tsx';
import { TwoFactorSection, type CodesIssuedFor } from '../twoFactor/TwoFactorSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { useTwoFactorStatus } from './useTwoFactorStatus.ts';
import { PageTitle } from '../layout/PageTitle.tsx';

export function SecuritySettingsPage() {
  const session = useSession();
  const { user } = session;
  const twoFactor = useTwoFactorStatus();
  const [newCodes, setNewCodes] = useState<{ issued: RecoveryCodesIssued; issuedFor: CodesIssuedFor } | null>(null);
  /** Why the last new set was issued, once it is saved: the 2FA section confirms it. */
  const [savedCodes, setSavedCodes] = useState<CodesIssuedFor | null>(null);
  /** When an approved account recovery last took effect, if one ever did. */
  const [recoveredAt, setRecoveredAt] = useState<string | null>(null);
  /** Only asked while 2FA is off: then the banner's news may be stale. */
  const turnedOnSinceRecovery = useTurnedOnSince(twoFactor.status?.enabled === false ? recoveredAt : null);
  const accountHeadingId = useId();
  if (!user) return null;

  function refreshSession() {
    // The session's twoFactorEnabled decides which ways "Confirm access" offers.
    session.refresh().catch(() => {
      // A failed refresh keeps the last session; the next page load corrects it.
    });
  }

  function handleCodesIssued(issued: RecoveryCodesIssued, issuedFor: CodesIssuedFor) {
    setNewCodes({ issued, issuedFor });
    // Loaded now, so the page is current by the time the codes are saved.
    twoFactor.reload();
    refreshSession();
  }

  function handleCodesSaved() {
    setSavedCodes(newCodes?.issuedFor ?? null);
    setNewCodes(null);
  }

  function handleRecoveryRequests(requests: readonly OwnRecoveryRequest[]) {
    const completed = requests.flatMap((request) => (request.status === 'completed' && request.completesAt !== null ? [request.completesAt] : []));
    setRecoveredAt(completed.sort().at(-1) ?? null);
  }

  function handleTwoFactorChanged() {
    twoFactor.reload();
    refreshSession();
  }

  return (
    <>
      <PageTitle>Password and authentication</PageTitle>
      <PageHeading>Password and authentication</PageHeading>

      {newCodes ? (
        <NewRecoveryCodes issued={newCodes.issued} username={user.username} onSaved={handleCodesSaved} />
      ) : (
        <>
          <AccountRecoveryNotice recoveryWaitingHours={session.recoveryWaitingHours} onLoaded={handleRecoveryRequests} />
          {recoveredAt !== null && twoFactor.status?.enabled === false && turnedOnSinceRecovery === false ? (
            <AccountRecoveredBanner recoveredAt={recoveredAt} />
          ) : null}
          <section aria-labelledby={accountHeadingId} className="panel">
            <h2 id={accountHeadingId}>Account</h2>
            <dl className="details">
              <dt>Username</dt>
              <dd>{user.username}</dd>
              <dt>Email</dt>
              <dd>{user.email}</dd>
            </dl>
          </section>
          <PasswordSection />

          {twoFactor.error && !twoFactor.status ? (
            <div className="panel">
              <div role="alert" className="form-alert">
                {twoFactor.error}
              </div>
              <button type="button" onClick={twoFactor.reload}>
                Try again
              </button>
            </div>
          ) : null}

          {twoFactor.status ? (
            <>
              {twoFactor.status.enabled ? <TwoFactorCheckupState /> : null}
              <TwoFactorSection
                status={twoFactor.status}
                onCodesIssued={handleCodesIssued}
                onChanged={handleTwoFactorChanged}
                savedCodes={savedCodes}
                turnedOff={recoveredAt !== null || turnedOnSinceRecovery === true}
              />
              {/* Every recovery method backs up 2FA: without it there is nothing to recover. */}
              {twoFactor.status.enabled ? (
                <>
                  <PasskeysSection />
                  <SecurityKeysSection />
                  <FallbackSmsSection />
                  <RecoveryTokensSection />
                </>
              ) : null}
            </>
          ) : twoFactor.error ? null : (
            <LoadingStatus label="Loading two-factor settings…" />
          )}
        </>
      )}
    </>
  );
}
