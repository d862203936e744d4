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
  /** The control itself (input, select, textarea), given the attributes that tie it to the shell. */
  children(control: FieldControlProps): ReactNode;
}

/**
 * The label, hint and error around one control. The hint and the error are linked with
 * aria-describedby so a screen reader reads them with the control, and the control is marked
 * invalid so useFocusFirstError can find it after a failed submit.
 */
export function FieldShell({ label, hint, error, children }: FieldShellProps) {
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
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
