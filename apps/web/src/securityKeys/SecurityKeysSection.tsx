import { useEffect, useId, useRef, useState } from 'react';
import type { SecurityKeyView } from '@recovery/core/api/index';
import { listSecurityKeys } from '../api/listSecurityKeys.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { LoadingStatus } from '../routes/LoadingStatus.tsx';
import { RegisterSecurityKeyForm } from './RegisterSecurityKeyForm.tsx';
import { SecurityKeyItem } from './SecurityKeyItem.tsx';

/** Security keys as a second factor, shown only while 2FA is on (the service requires it). */
export function SecurityKeysSection() {
  const [keys, setKeys] = useState<SecurityKeyView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const registerButtonRef = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    listSecurityKeys(controller.signal).then(setKeys, (cause: unknown) => {
      if (!controller.signal.aborted) setLoadError(actionErrorMessage(cause) ?? 'Could not load your security keys.');
    });
    return () => controller.abort();
  }, []);

  function handleAdded(key: SecurityKeyView) {
    setKeys((previous) => [...(previous ?? []), key]);
    setRegistering(false);
    setAnnouncement(`Added ${key.nickname}.`);
  }

  function handleRenamed(key: SecurityKeyView) {
    setKeys((previous) => (previous ?? []).map((existing) => (existing.id === key.id ? key : existing)));
    setAnnouncement(`Renamed to ${key.nickname}.`);
  }

  function handleRemoved(key: SecurityKeyView) {
    setKeys((previous) => (previous ?? []).filter((existing) => existing.id !== key.id));
    setAnnouncement(`Removed ${key.nickname}.`);
    // The focused button went with its key.
    headingRef.current?.focus();
  }

  function handleUpgraded(key: SecurityKeyView) {
    setKeys((previous) => (previous ?? []).filter((existing) => existing.id !== key.id));
    setAnnouncement(`${key.nickname} is now a passkey.`);
    headingRef.current?.focus();
  }

  function handleCancel() {
    setRegistering(false);
    cancelled.current = true;
  }

  // After "Cancel" the form is gone; focus returns to the button that opened it.
  useEffect(() => {
    if (!registering && cancelled.current) {
      cancelled.current = false;
      registerButtonRef.current?.focus();
    }
  }, [registering]);

  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Security keys
      </h2>
      <p className="muted">
        A security key (a USB, NFC or Bluetooth key, or your device’s built-in authenticator) can be used instead of a code at sign-in.
      </p>
      {loadError ? (
        <div role="alert" className="form-alert">
          {loadError}
        </div>
      ) : null}
      {keys === null && !loadError ? <LoadingStatus label="Loading security keys…" /> : null}
      {keys !== null && keys.length === 0 ? <p>No security keys registered.</p> : null}
      {keys !== null && keys.length > 0 ? (
        <ul className="plain-list key-list" aria-labelledby={headingId}>
          {keys.map((key) => (
            <SecurityKeyItem key={key.id} securityKey={key} onRenamed={handleRenamed} onRemoved={handleRemoved} onUpgraded={handleUpgraded} />
          ))}
        </ul>
      ) : null}
      <p role="status" className="action-status">
        {announcement}
      </p>
      {registering ? (
        <RegisterSecurityKeyForm onAdded={handleAdded} onCancel={handleCancel} />
      ) : (
        <button ref={registerButtonRef} type="button" onClick={() => setRegistering(true)}>
          Register new security key
        </button>
      )}
    </section>
  );
}
