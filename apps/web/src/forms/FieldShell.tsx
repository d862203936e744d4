import { useId, type ReactNode } from 'react';

/** What the control inside a FieldShell must carry so its label, hint and error belong to it. */
export interface FieldControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export interface FieldShellProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /**
   * Announce the error as it appears (role="alert"). For a field that keeps focus from one attempt
   * to the next, such as a one-time code submitted with Enter: focus does not move there, so its
   * description, the error included, would not be read again.
   */
  announceError?: boolean | undefined;
  /** The control itself (input, select, textarea), given the attributes that tie it to the shell. */
  children(control: FieldControlProps): ReactNode;
}

/**
 * The label, hint and error around one control. The hint and the error are linked with
 * aria-describedby so a screen reader reads them with the control, and the control is marked
 * invalid so useFocusFirstError can find it after a failed submit.
 */
export function FieldShell({ label, hint, error, announceError = false, children }: FieldShellProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter((part) => part !== null).join(' ');

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy === '' ? undefined : describedBy })}
      {error ? (
        <p id={errorId} className="field-error" role={announceError ? 'alert' : undefined}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
