import { useEffect, useId, useRef, useState } from 'react';
import type { SecurityKeyView } from '@recovery/core/api/index';
import { removeSecurityKey } from '../api/removeSecurityKey.ts';
import { renameSecurityKey } from '../api/renameSecurityKey.ts';
import { UpgradeToPasskeyButton } from '../passkeys/UpgradeToPasskeyButton.tsx';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { formatDate } from '../format/formatDate.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { RenameSecurityKeyForm } from './RenameSecurityKeyForm.tsx';

export interface SecurityKeyItemProps {
  securityKey: SecurityKeyView;
  onRenamed(key: SecurityKeyView): void;
  onRemoved(key: SecurityKeyView): void;
  /** It became a passkey: it leaves this list for the passkeys'. */
  onUpgraded(key: SecurityKeyView): void;
}

export function SecurityKeyItem({ securityKey, onRenamed, onRemoved, onUpgraded }: SecurityKeyItemProps) {
  const { runWithSudo } = useSudo();
  const [renaming, setRenaming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const renameButtonRef = useRef<HTMLButtonElement>(null);
  const wasRenaming = useRef(false);

  // When the rename form closes, focus goes back to the button that opened it.
  useEffect(() => {
    if (renaming) {
      wasRenaming.current = true;
    } else if (wasRenaming.current) {
      wasRenaming.current = false;
      renameButtonRef.current?.focus();
    }
  }, [renaming]);

  async function handleRemove() {
    if (removing) return;
    setRemoving(true);
    setError(null);
    try {
      await runWithSudo(() => removeSecurityKey(securityKey.id));
      onRemoved(securityKey);
    } catch (cause) {
      setError(actionErrorMessage(cause));
      setRemoving(false);
    }
  }

  return (
    <li className="key-item">
      <div className="key-summary">
        <strong id={nameId} className="key-name">
          {securityKey.nickname}
        </strong>
        <span className="muted">
          Added <time dateTime={securityKey.createdAt}>{formatDate(securityKey.createdAt)}</time>
        </span>
        <span className="muted">
          Last used{' '}
          {securityKey.lastUsedAt ? <time dateTime={securityKey.lastUsedAt}>{formatDate(securityKey.lastUsedAt)}</time> : 'Never'}
        </span>
      </div>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {renaming ? (
        <RenameSecurityKeyForm
          securityKey={securityKey}
          rename={renameSecurityKey}
          onRenamed={(key) => {
            setRenaming(false);
            onRenamed(key);
          }}
          onCancel={() => setRenaming(false)}
        />
      ) : (
        // aria-describedby adds the nickname to each button, so a list of "Remove" buttons can be told apart.
        <div className="actions">
          <button ref={renameButtonRef} type="button" onClick={() => setRenaming(true)} aria-describedby={nameId} disabled={removing}>
            Rename
          </button>
          <button type="button" className="button-danger" onClick={handleRemove} aria-describedby={nameId} disabled={removing}>
            Remove
          </button>
          {securityKey.upgradable ? <UpgradeToPasskeyButton securityKey={securityKey} describedBy={nameId} disabled={removing} onUpgraded={() => onUpgraded(securityKey)} onError={setError} /> : null}
        </div>
      )}
    </li>
  );
}
