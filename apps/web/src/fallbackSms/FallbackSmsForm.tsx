import { useId, useRef, useState, type FormEvent } from 'react';
import { setFallbackSmsRequest, type FallbackSmsView } from '@recovery/core/api/index';
import { setFallbackSms } from '../api/setFallbackSms.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { SelectField } from '../forms/SelectField.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { useSudo } from '../sudo/useSudo.ts';

const fieldNames = ['country', 'phoneNumber'] as const;
type Field = (typeof fieldNames)[number];

export interface FallbackSmsFormProps {
  countries: FallbackSmsView['supportedCountries'];
  /** Changing an existing number rather than adding the first one. */
  changing: boolean;
  onSent(view: FallbackSmsView): void;
  onCancel(): void;
}

/** Step one: the number, which gets a confirmation code by SMS. */
export function FallbackSmsForm({ countries, changing, onSent, onCancel }: FallbackSmsFormProps) {
  const { runWithSudo } = useSudo();
  const [values, setValues] = useState<Record<Field, string>>({ country: '', phoneNumber: '' });
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useFocusOnMount(headingRef);
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(setFallbackSmsRequest, values, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      onSent(await runWithSudo(() => setFallbackSms(validation.data)));
    } catch (error) {
      if (!isSudoCancelled(error)) setErrors(formErrorsFrom(error, fieldNames));
    } finally {
      setSubmitting(false);
    }
  }

  const set = (field: Field) => (value: string) => setValues((previous) => ({ ...previous, [field]: value }));

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {changing ? 'Change fallback SMS number' : 'Add fallback SMS number'}
      </h3>
      <FormAlert message={errors.form} />
      <SelectField
        name="country"
        label="Country"
        placeholder="Choose a country"
        options={countries.map((country) => ({ value: country.code, label: `${country.name} (+${country.callingCode})` }))}
        value={values.country}
        onChange={set('country')}
        error={errors.fields.country}
        autoComplete="country"
      />
      <TextField
        name="phoneNumber"
        label="Phone number"
        type="tel"
        autoComplete="tel-national"
        inputMode="tel"
        hint="A mobile number including the area code. We will text it a confirmation code."
        value={values.phoneNumber}
        onChange={set('phoneNumber')}
        error={errors.fields.phoneNumber}
      />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={submitting}>
          Set fallback
        </button>
        <button type="button" onClick={onCancel} disabled={submitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
