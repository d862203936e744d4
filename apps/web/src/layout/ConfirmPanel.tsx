import { useId, useRef, type ReactNode } from 'react';
import { FormAlert } from '../forms/FormAlert.tsx';
import { useFocusOnMount } from './useFocusOnMount.ts';

export interface ConfirmPanelProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Shown beside the confirm button (who the button leads to, say). */
  beside?: ReactNode;
  /** Destructive actions get the danger style, so the colour warns as well as the words. */
  danger?: boolean;
  busy: boolean;
  error: string | null;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * An in-page "are you sure?" step. In the page rather than a modal dialog, so it works the
 * same for keyboards, screen readers and narrow screens without a focus trap.
 */
export function ConfirmPanel({ title, children, confirmLabel, beside, danger = false, busy, error, onConfirm, onCancel }: ConfirmPanelProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);

  return (
    <div role="group" aria-labelledby={headingId} className="confirm-panel">
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      <FormAlert message={error} />
      {children}
      <div className="actions">
        {beside}
        <button type="button" className={danger ? 'button-danger' : 'button-primary'} onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
