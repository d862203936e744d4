import { FieldShell } from './FieldShell.tsx';

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
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(control) => (
        <textarea
          {...control}
          name={name}
          rows={rows}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          required={required}
          {...(verbatim ? { autoCapitalize: 'none', autoCorrect: 'off', spellCheck: false, className: 'verbatim' } : {})}
        />
      )}
    </FieldShell>
  );
}
