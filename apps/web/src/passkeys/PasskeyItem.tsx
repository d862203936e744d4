import { useEffect, useId, useRef, useState } from 'react';
import type { PasskeyView } from '@recovery/core/api/index';
import { removePasskey } from '../api/removePasskey.ts';
import { renamePasskey } from '../api/renamePasskey.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { formatDate } from '../format/formatDate.ts';
import { ConfirmPanel } from '../layout/ConfirmPanel.tsx';
import { RenameSecurityKeyForm } from '../securityKeys/RenameSecurityKeyForm.tsx';
import { useSudo } from '../sudo/useSudo.ts';

export interface PasskeyItemProps {
  passkey: PasskeyView;
  onRenamed(passkey: PasskeyView): void;
  onRemoved(passkey: PasskeyView): void;
}

type Mode = 'view' | 'edit' | 'delete';

/** One passkey: "Edit" its nickname, or "Delete" it after saying what that means. */
export function PasskeyItem({ passkey, onRenamed, onRemoved }: PasskeyItemProps) {
  const { runWithSudo } = useSudo();
  const [mode, setMode] = useState<Mode>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const previousMode = useRef<Mode>('view');

  // When the edit form or the question closes, focus goes back to the row's first button.
  useEffect(() => {
    if (mode === 'view' && previousMode.current !== 'view') editButtonRef.current?.focus();
    previousMode.current = mode;
  }, [mode]);

  async function handleDelete() {
    setBusy(true);
    setError(null);
    try {
      await runWithSudo(() => removePasskey(passkey.id));
      onRemoved(passkey);
    } catch (cause) {
      setError(actionErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <li className="key-item">
      <div className="key-summary">
        <strong id={nameId} className="key-name">
          {passkey.nickname}
        </strong>
        <span className="muted">
          Added <time dateTime={passkey.createdAt}>{formatDate(passkey.createdAt)}</time>
        </span>
        <span className="muted">
          Last used {passkey.lastUsedAt ? <time dateTime={passkey.lastUsedAt}>{formatDate(passkey.lastUsedAt)}</time> : 'Never'}
        </span>
      </div>
      {mode === 'edit' ? (
        <RenameSecurityKeyForm
          securityKey={passkey}
          rename={renamePasskey}
          onRenamed={(renamed) => {
            setMode('view');
            onRenamed(renamed);
          }}
          onCancel={() => setMode('view')}
        />
      ) : mode === 'delete' ? (
        <ConfirmPanel title={`Delete the passkey “${passkey.nickname}”?`} confirmLabel="Delete" danger busy={busy} error={error} onConfirm={handleDelete} onCancel={() => setMode('view')}>
          <p>It will no longer sign you in or confirm your identity. We will email you that it was deleted.</p>
        </ConfirmPanel>
      ) : (
        // aria-describedby adds the nickname to each button, so a list of "Delete" buttons can be told apart.
        <div className="actions">
          <button ref={editButtonRef} type="button" onClick={() => setMode('edit')} aria-describedby={nameId}>
            Edit
          </button>
          <button type="button" className="button-danger" onClick={() => setMode('delete')} aria-describedby={nameId}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}
