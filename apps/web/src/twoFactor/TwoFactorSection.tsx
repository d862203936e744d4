import { useEffect, useId, useRef, useState } from 'react';
import type { AuthenticatorReplacement, RecoveryCodesIssued, RecoveryCodesView, TwoFactorSetup, TwoFactorStatus } from '@recovery/core/api/index';
import { disableTwoFactor } from '../api/disableTwoFactor.ts';
import { enableTwoFactor } from '../api/enableTwoFactor.ts';
import { replaceAuthenticator } from '../api/replaceAuthenticator.ts';
import { startAuthenticatorReplacement } from '../api/startAuthenticatorReplacement.ts';
import { regenerateRecoveryCodes } from '../api/regenerateRecoveryCodes.ts';
import { showRecoveryCodes } from '../api/showRecoveryCodes.ts';
import { startTwoFactorSetup } from '../api/startTwoFactorSetup.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { ConfirmPanel } from '../layout/ConfirmPanel.tsx';
import { useSudo } from '../sudo/useSudo.ts';
import { AuthenticatorSetup } from './AuthenticatorSetup.tsx';
import { lowRecoveryCodes, RecoveryCodesLeft } from './RecoveryCodesLeft.tsx';
import { formatDateTime } from '../format/formatDateTime.ts';
import { DangerZone } from '../layout/DangerZone.tsx';
import { SettingsRow } from '../layout/SettingsRow.tsx';
import { SettingsRows } from '../layout/SettingsRows.tsx';
import { SuccessStatus } from '../layout/SuccessStatus.tsx';
import { useSuccessMessage } from '../layout/useSuccessMessage.ts';
import { ShownRecoveryCodes } from './ShownRecoveryCodes.tsx';

type View =
  | { kind: 'status' }
  | { kind: 'setup'; setup: TwoFactorSetup }
  | { kind: 'replace'; replacement: AuthenticatorReplacement }
  | { kind: 'codes'; codes: RecoveryCodesView }
  | { kind: 'confirm-regenerate' }
  | { kind: 'confirm-disable' };

/** Why a new set of recovery codes was issued: turning 2FA on, or "Generate new recovery codes". */
export type CodesIssuedFor = 'enable' | 'regenerate';

/** What the section says once the new codes are saved (the page shows them in place of the settings until then). */
const savedCodesMessages: Record<CodesIssuedFor, string> = {
  enable: 'Two-factor authentication is on. From your next sign-in, enter a code from your authenticator app after your password.',
  regenerate: 'Your new recovery codes are ready to use. The previous ones no longer work.',
};

const disabledMessage =
  'Two-factor authentication is off. Your authenticator app, recovery codes, security keys and fallback number were removed; your password alone now opens your account.';

export interface TwoFactorSectionProps {
  status: TwoFactorStatus;
  /** A new set to save: after turning 2FA on, or after generating new codes. */
  onCodesIssued(issued: RecoveryCodesIssued, issuedFor: CodesIssuedFor): void;
  /** 2FA was turned off: the page reloads what depends on it. */
  onChanged(): void;
  /**
   * Mounted again after new codes were saved, and why they were issued: focus starts on this
   * section rather than the page top, and its status says what changed.
   */
  savedCodes?: CodesIssuedFor | null;
  /** 2FA was on and something (an account recovery) turned it off: say "off", not "not enabled yet". */
  turnedOff?: boolean;
}

export function TwoFactorSection({ status, onCodesIssued, onChanged, savedCodes = null, turnedOff = false }: TwoFactorSectionProps) {
  const { runWithSudo } = useSudo();
  const [view, setView] = useState<View>({ kind: 'status' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const success = useSuccessMessage();
  /** Turned off from this section during this visit: "off", not "not enabled yet". */
  const [disabledHere, setDisabledHere] = useState(false);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returning = useRef(savedCodes !== null);

  // Set after the first render, so the live region is already in the page when its text arrives.
  useEffect(() => {
    if (savedCodes !== null) success.say(savedCodesMessages[savedCodes]);
    // Only on mount: the page mounts this section anew each time a new set has been saved.
  }, []);

  // Back from a sub-view, focus lands on the section heading instead of the top of the page.
  useEffect(() => {
    if (view.kind === 'status' && returning.current) {
      returning.current = false;
      headingRef.current?.focus();
    }
  }, [view]);

  function backToStatus() {
    returning.current = true;
    setError(null);
    setView({ kind: 'status' });
  }

  function open(next: View) {
    setError(null);
    success.say('');
    setView(next);
  }

  async function run<T>(action: () => Promise<T>, then: (result: T) => void) {
    if (busy) return;
    setBusy(true);
    setError(null);
    success.say('');
    try {
      then(await runWithSudo(action));
    } catch (cause) {
      setError(actionErrorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  const handleEnable = () => run(startTwoFactorSetup, (setup) => setView({ kind: 'setup', setup }));

  const handleEdit = () => run(startAuthenticatorReplacement, (replacement) => setView({ kind: 'replace', replacement }));

  async function verifyReplacement(replacementToken: string, code: string) {
    await replaceAuthenticator({ replacementToken, code });
    backToStatus();
    success.say('Your new authenticator app is set up; the old one no longer works. Your recovery codes, security keys and fallback number are unchanged.');
  }

  const handleShow = () => run(showRecoveryCodes, (codes) => setView({ kind: 'codes', codes }));
  const handleRegenerate = () => run(regenerateRecoveryCodes, (issued) => onCodesIssued(issued, 'regenerate'));
  const handleDisable = () =>
    run(disableTwoFactor, () => {
      backToStatus();
      setDisabledHere(true);
      success.say(disabledMessage);
      onChanged();
    });

  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Two-factor authentication
      </h2>
      {status.enabled ? (
        <p>
          {/* Not "2FA is on" again: the success message right after turning it on says that. */}
          <span className="badge badge-on">Enabled</span> Signing in asks for a second step after your password.
        </p>
      ) : (
        <p>
          <span className="badge">Disabled</span> {turnedOff || disabledHere ? 'Two-factor authentication is off.' : 'Two-factor authentication is not enabled yet.'}
        </p>
      )}

      {view.kind === 'setup' ? (
        <AuthenticatorSetup
          setup={view.setup}
          title="Set up your authenticator app"
          verify={async (code) => onCodesIssued(await enableTwoFactor(code), 'enable')}
          onCancel={backToStatus}
        />
      ) : null}

      {view.kind === 'replace' ? (
        <AuthenticatorSetup
          setup={view.replacement}
          title="Replace your authenticator app"
          verify={(code) => verifyReplacement(view.replacement.replacementToken, code)}
          onCancel={backToStatus}
        />
      ) : null}

      {view.kind === 'codes' ? <ShownRecoveryCodes view={view.codes} onClose={backToStatus} /> : null}

      {view.kind === 'confirm-regenerate' ? (
        <ConfirmPanel
          title="Generate new recovery codes?"
          confirmLabel="Generate new recovery codes"
          busy={busy}
          error={error}
          onConfirm={handleRegenerate}
          onCancel={backToStatus}
        >
          <p>Your current recovery codes stop working as soon as the new ones are generated, including any you have printed or saved.</p>
        </ConfirmPanel>
      ) : null}

      {view.kind === 'confirm-disable' ? (
        <ConfirmPanel
          title="Disable two-factor authentication?"
          confirmLabel="Disable two-factor authentication"
          danger
          busy={busy}
          error={error}
          onConfirm={handleDisable}
          onCancel={backToStatus}
        >
          <p>
            Your password alone will then open your account. Your authenticator app and your recovery codes stop working, and your security
            keys and fallback number are removed; turning two-factor authentication on again gives you a new setup key and new codes.
          </p>
        </ConfirmPanel>
      ) : null}

      <SuccessStatus message={success.message} />

      {view.kind === 'status' ? (
        <>
          <FormAlert message={error} />
          {status.enabled ? (
            <>
              <SettingsRows label="Ways to pass two-factor authentication">
                <SettingsRow
                  title="Authenticator app"
                  status="Configured"
                  tone="on"
                  detail={status.enabledAt !== null ? <>Set up {formatDateTime(status.enabledAt)}</> : undefined}
                  actions={
                    <button type="button" onClick={() => void handleEdit()} disabled={busy}>
                      Edit
                    </button>
                  }
                />
                <SettingsRow
                  title="Recovery codes"
                  status={status.recoveryCodesRemaining <= lowRecoveryCodes ? 'Running low' : 'Configured'}
                  tone={status.recoveryCodesRemaining <= lowRecoveryCodes ? 'attention' : 'on'}
                  actions={
                    <>
                      <button type="button" onClick={handleShow} disabled={busy}>
                        Show recovery codes
                      </button>
                      <button type="button" onClick={() => open({ kind: 'confirm-regenerate' })} disabled={busy}>
                        Generate new recovery codes
                      </button>
                    </>
                  }
                >
                  <div className="settings-row-note">
                    <RecoveryCodesLeft remaining={status.recoveryCodesRemaining} total={status.recoveryCodesTotal} />
                  </div>
                </SettingsRow>
              </SettingsRows>
              <DangerZone>
                <p className="muted">Turning two-factor authentication off removes every way above, and your security keys and fallback number.</p>
                <button type="button" className="button-danger" onClick={() => open({ kind: 'confirm-disable' })} disabled={busy}>
                  Disable two-factor authentication
                </button>
              </DangerZone>
            </>
          ) : (
            <>
              <p className="muted">
                Two-factor authentication adds a second step to signing in, so a stolen password alone cannot open your account.
              </p>
              <button type="button" className="button-primary" onClick={handleEnable} disabled={busy}>
                Enable two-factor authentication
              </button>
            </>
          )}
        </>
      ) : null}
    </section>
  );
}
