import { useId, useRef, useState } from 'react';
import type { RecoveryPartner, RecoveryTokenView } from '../api/RecoveryTokenList.ts';
import { deleteRecoveryToken } from '../api/deleteRecoveryToken.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { formatDate } from '../format/formatDate.ts';
import { formatDateTime } from '../format/formatDateTime.ts';
import { ConfirmPanel } from '../layout/ConfirmPanel.tsx';
import { useFocusWhenClosed } from '../layout/useFocusWhenClosed.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { partnerOrigin } from './partnerOrigin.ts';

export interface RecoveryTokenItemProps {
  token: RecoveryTokenView;
  /** The configured partner, to name it when the token is stored there. */
  partner: RecoveryPartner | null;
  onDeleted(token: RecoveryTokenView): void;
}

export function RecoveryTokenItem({ token, partner, onDeleted }: RecoveryTokenItemProps) {
  const { runWithSudo } = useSudo();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const deleteButtonRef = useRef<HTMLButtonElement>(null);
  const origin = partnerOrigin(token.partner);
  const partnerName = partner !== null && partnerOrigin(partner.url) === origin ? `${partner.name} (${origin})` : origin;
  useFocusWhenClosed(confirming, deleteButtonRef);

  async function handleDelete() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await runWithSudo(() => deleteRecoveryToken(token.id));
      onDeleted(token);
    } catch (cause) {
      setError(actionErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <li className="key-item">
      <div className="key-summary">
        <strong id={nameId} className="key-name">
          Stored with {partnerName}
        </strong>
        <span className="muted">
          {/* With the time: two tokens stored the same day are told apart. */}
          Created <time dateTime={token.createdAt}>{formatDateTime(token.createdAt)}</time>
        </span>
        {token.state === 'recovered' ? (
          <span>
            <span className="badge">Used</span> Used to start an account recovery
            {token.recoveredAt ? (
              <>
                {' '}
                on <time dateTime={token.recoveredAt}>{formatDate(token.recoveredAt)}</time>
              </>
            ) : null}
            ; it cannot be used again.
          </span>
        ) : (
          <span>
            <span className="badge badge-on">Ready</span> Can recover this account
          </span>
        )}
      </div>
      {confirming ? (
        <ConfirmPanel
          title="Delete this recovery token?"
          confirmLabel="Delete"
          danger
          busy={busy}
          error={error}
          onConfirm={handleDelete}
          onCancel={() => {
            setError(null);
            setConfirming(false);
          }}
        >
          <p>
            It can never be used to recover your account again. {partnerName} keeps an unreadable copy until you remove it on its Recovery tokens page, or until you store your next token there.
          </p>
        </ConfirmPanel>
      ) : token.state === 'confirmed' ? (
        <div className="actions">
          {/* aria-describedby tells a list of "Delete" buttons apart by their token. */}
          <button ref={deleteButtonRef} type="button" className="button-danger" onClick={() => setConfirming(true)} aria-describedby={nameId}>
            Delete
          </button>
        </div>
      ) : null}
    </li>
  );
}
