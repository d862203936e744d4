export interface FormActionsProps {
  /** The submit button's name, such as "Save". */
  submitLabel: string;
  /** Both buttons wait while the form is submitting, so Cancel cannot abandon a request in flight. */
  submitting: boolean;
  /** Offers "Cancel" where there is somewhere to go back to. */
  onCancel?: (() => void) | undefined;
  /** Destructive decisions get the danger style, so the colour warns as well as the words. */
  danger?: boolean;
}

/** A form's submit button and, optionally, its Cancel, side by side at its end. */
export function FormActions({ submitLabel, submitting, onCancel, danger = false }: FormActionsProps) {
  return (
    <div className="actions">
      <button type="submit" className={danger ? 'button-danger' : 'button-primary'} disabled={submitting}>
        {submitLabel}
      </button>
      {onCancel ? (
        <button type="button" onClick={onCancel} disabled={submitting}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}
