import { useId } from 'react';

export interface TextAreaFieldProps {
  name: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string;
  rows?: number;
  required?: boolean;
  /** Tokens and other machine text: no spelling fixes or capitals from the keyboard. */
  verbatim?: boolean;
}

/** A labelled multi-line input whose hint and error are announced with it, like TextField's. */
export function TextAreaField({ name, label, value, onChange, error, hint, rows = 4, required = true, verbatim = false }: TextAreaFieldProps) {
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
      <textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        {...(verbatim ? { autoCapitalize: 'none', autoCorrect: 'off', spellCheck: false, className: 'verbatim' } : {})}
      />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
