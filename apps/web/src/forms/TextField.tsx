import type { HTMLAttributes, HTMLInputAutoCompleteAttribute } from 'react';
import { FieldShell } from './FieldShell.tsx';

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
  /** See FieldShell: for a field that keeps focus across attempts. */
  announceError?: boolean;
}

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField({ name, label, type, autoComplete, inputMode, value, onChange, error, hint, required = true, autoFocus = false, announceError = false }: TextFieldProps) {
  const isIdentifier = type !== 'password';

  return (
    <FieldShell label={label} hint={hint} error={error} announceError={announceError}>
      {(control) => (
        <input
          {...control}
          name={name}
          type={type}
          autoComplete={autoComplete}
          inputMode={inputMode}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          required={required}
          autoFocus={autoFocus}
          {...(isIdentifier ? { autoCapitalize: 'none', autoCorrect: 'off', spellCheck: false } : {})}
        />
      )}
    </FieldShell>
  );
}
