import { FieldShell } from './FieldShell.tsx';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps {
  name: string;
  label: string;
  options: readonly SelectOption[];
  /** Shown first with an empty value, so nothing is chosen for the user by accident. */
  placeholder: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  hint?: string;
  autoComplete?: string;
  /** A filter whose placeholder means "any" is not required. */
  required?: boolean;
}

/** A labelled native select; its hint and error are announced with it, like TextField's. */
export function SelectField({ name, label, options, placeholder, value, onChange, error, hint, autoComplete, required = true }: SelectFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error}>
      {(control) => (
        <select {...control} name={name} value={value} onChange={(event) => onChange(event.target.value)} required={required} autoComplete={autoComplete}>
          <option value="">{placeholder}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
