import { useEffect, useId, useRef, useState } from 'react';
import type { FallbackSmsView } from '@recovery/core/api/index';
import { getFallbackSms } from '../api/getFallbackSms.ts';
import { removeFallbackSms } from '../api/removeFallbackSms.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { ConfirmPanel } from '../layout/ConfirmPanel.tsx';
import { LoadingStatus } from '../routes/LoadingStatus.tsx';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { ConfirmFallbackSmsForm } from './ConfirmFallbackSmsForm.tsx';
import { FallbackSmsForm } from './FallbackSmsForm.tsx';
import { StatusLabel } from '../layout/StatusLabel.tsx';
import { SuccessStatus } from '../layout/SuccessStatus.tsx';
import { useSuccessMessage } from '../layout/useSuccessMessage.ts';
import { SupportedCountries } from './SupportedCountries.tsx';

type Mode = 'view' | 'number' | 'confirm' | 'confirm-remove';

/** The fallback SMS number, presented (as GitHub does) as a risky last resort. */
export function FallbackSmsSection() {
  const { runWithSudo, requireSudo } = useSudo();
  const [view, setView] = useState<FallbackSmsView | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const success = useSuccessMessage();
  /** The number as typed in this visit (the service only ever answers with it masked). */
  const [typedNumber, setTypedNumber] = useState<string | null>(null);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returning = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    getFallbackSms(controller.signal).then(
      (loaded) => {
        setView(loaded);
        // A number still waiting for its code (from an earlier visit) goes straight to step two.
        if (loaded.pendingNumber !== null) setMode('confirm');
      },
      (cause: unknown) => {
        if (!controller.signal.aborted) setError(actionErrorMessage(cause) ?? 'Could not load your fallback number.');
      },
    );
    return () => controller.abort();
  }, []);

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
    success.say('');
    setMode(next);
  }

  /** "Confirm access" before the number form, not after the number was typed into it. */
  async function openNumberForm() {
    setError(null);
    success.say('');
    try {
      await requireSudo();
      setMode('number');
    } catch (cause) {
      if (!isSudoCancelled(cause)) setError(actionErrorMessage(cause));
    }
  }

  function handleSent(next: FallbackSmsView, typed: string) {
    setView(next);
    setTypedNumber(typed);
    setMode('confirm');
  }

  function handleConfirmed(next: FallbackSmsView) {
    setView(next);
    // The number just typed is shown back as typed; only later visits see it masked.
    success.say(`Your fallback number is now ${typedNumber ?? next.number ?? 'set'}.`);
    setTypedNumber(null);
    backToView();
  }

  async function handleRemove() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await runWithSudo(removeFallbackSms);
      setView((previous) => (previous ? { ...previous, number: null, country: null, confirmedAt: null, pendingNumber: null } : previous));
      success.say('Your fallback number was removed.');
      backToView();
    } catch (cause) {
      setError(actionErrorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Fallback SMS number
      </h2>
      {view === null ? (
        error ? (
          <FormAlert message={error} />
        ) : (
          <LoadingStatus label="Loading fallback number…" />
        )
      ) : (
        <>
          <p>
            {view.number ? (
              <>
                <StatusLabel tone="on">Configured</StatusLabel> Codes can be sent to <strong>{view.number}</strong>.
              </>
            ) : (
              <>
                <StatusLabel>Not configured</StatusLabel> No fallback number
              </>
            )}
          </p>
          <div className="warning">
            <p>
              A fallback number is a last resort, for when your authenticator app, your security keys and your recovery codes are all lost.
              Text messages can be intercepted through attacks on phone carriers, such as SIM swapping, so prefer the other methods. Only
              numbers in some countries are supported.
            </p>
            <SupportedCountries countries={view.supportedCountries} />
          </div>
          <SuccessStatus message={success.message} />

          {mode === 'number' ? (
            <FallbackSmsForm countries={view.supportedCountries} changing={view.number !== null} onSent={handleSent} onCancel={backToView} />
          ) : null}

          {mode === 'confirm' && view.pendingNumber !== null ? (
            <ConfirmFallbackSmsForm pendingNumber={typedNumber ?? view.pendingNumber} onConfirmed={handleConfirmed} onCancel={backToView} />
          ) : null}

          {mode === 'confirm-remove' ? (
            <ConfirmPanel title="Remove your fallback number?" confirmLabel="Remove" danger busy={busy} error={error} onConfirm={handleRemove} onCancel={backToView}>
              <p>Codes will no longer be sent to {view.number}. Make sure you still have another way to sign in.</p>
            </ConfirmPanel>
          ) : null}

          {mode === 'view' ? (
            <>
              <FormAlert message={error} />
              <div className="actions">
                {view.number ? (
                  <>
                    <button type="button" onClick={() => void openNumberForm()}>
                      Change
                    </button>
                    <button type="button" className="button-danger" onClick={() => open('confirm-remove')}>
                      Remove
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => void openNumberForm()}>
                    Add fallback SMS number
                  </button>
                )}
              </div>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
