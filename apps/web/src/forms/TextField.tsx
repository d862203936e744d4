import { useId, type HTMLAttributes, type HTMLInputAutoCompleteAttribute } from 'react';

export interface TextFieldProps {
  name: string;
  label: string;
  type: 'text' | 'email' | 'password' | 'tel';
  autoComplete: HTMLInputAutoCompleteAttribute;
  inputMode?: HTMLAttributes<HTMLInputElement>['inputMode'];
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autoFocus?: boolean;
}

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField({ name, label, type, autoComplete, inputMode, value, onChange, error, hint, required = true, autoFocus = false }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter((part) => part !== null).join(' ');
  const isIdentifier = type !== 'password';

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        autoFocus={autoFocus}
        {...(isIdentifier ? { autoCapitalize: 'none', autoCorrect: 'off', spellCheck: false } : {})}
      />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
