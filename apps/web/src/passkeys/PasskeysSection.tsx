import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { PasskeyView } from '@recovery/core/api/index';
import { listPasskeys } from '../api/listPasskeys.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { LoadingStatus } from '../routes/LoadingStatus.tsx';
import { AddPasskeyForm } from './AddPasskeyForm.tsx';
import { PasskeyItem } from './PasskeyItem.tsx';
import { onPasskeysChanged } from './passkeysChanged.ts';

/**
 * Passkeys: sign in without a password or a code (the passkey verifies you itself), and a second
 * factor and a way to confirm access as well. Shown while 2FA is on (the service requires it).
 */
export function PasskeysSection() {
  const [passkeys, setPasskeys] = useState<PasskeyView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);

  const load = useCallback((signal?: AbortSignal) => {
    listPasskeys(signal).then(setPasskeys, (cause: unknown) => {
      if (!signal?.aborted) setLoadError(actionErrorMessage(cause) ?? 'Could not load your passkeys.');
    });
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    // A security key upgraded to a passkey joins this list.
    const stop = onPasskeysChanged(() => load());
    return () => {
      controller.abort();
      stop();
    };
  }, [load]);

  function handleAdded(passkey: PasskeyView) {
    setPasskeys((previous) => [...(previous ?? []), passkey]);
    setAdding(false);
    setAnnouncement(`Added ${passkey.nickname}.`);
  }

  function handleRenamed(passkey: PasskeyView) {
    setPasskeys((previous) => (previous ?? []).map((existing) => (existing.id === passkey.id ? passkey : existing)));
    setAnnouncement(`Renamed to ${passkey.nickname}.`);
  }

  function handleRemoved(passkey: PasskeyView) {
    setPasskeys((previous) => (previous ?? []).filter((existing) => existing.id !== passkey.id));
    setAnnouncement(`Deleted ${passkey.nickname}.`);
    // The focused button went with its passkey.
    headingRef.current?.focus();
  }

  function handleCancel() {
    setAdding(false);
    cancelled.current = true;
  }

  // After "Cancel" the form is gone; focus returns to the button that opened it.
  useEffect(() => {
    if (!adding && cancelled.current) {
      cancelled.current = false;
      addButtonRef.current?.focus();
    }
  }, [adding]);

  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Passkeys
      </h2>
      <p className="muted">
        A passkey signs you in without a password or a code: your device verifies you with its PIN, fingerprint or face. It also works as a second factor and to confirm access.
      </p>
      {loadError ? (
        <div role="alert" className="form-alert">
          {loadError}
        </div>
      ) : null}
      {passkeys === null && !loadError ? <LoadingStatus label="Loading passkeys…" /> : null}
      {passkeys !== null && passkeys.length === 0 ? <p>No passkeys yet.</p> : null}
      {passkeys !== null && passkeys.length > 0 ? (
        <ul className="plain-list key-list" aria-labelledby={headingId}>
          {passkeys.map((passkey) => (
            <PasskeyItem key={passkey.id} passkey={passkey} onRenamed={handleRenamed} onRemoved={handleRemoved} />
          ))}
        </ul>
      ) : null}
      <p role="status" className="action-status">
        {announcement}
      </p>
      {adding ? (
        <AddPasskeyForm onAdded={handleAdded} onCancel={handleCancel} />
      ) : (
        <button ref={addButtonRef} type="button" onClick={() => setAdding(true)}>
          Add a passkey
        </button>
      )}
    </section>
  );
}
