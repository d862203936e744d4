import { useId, useRef } from 'react';
import { setFallbackSmsRequest, type FallbackSmsView } from '@recovery/core/api/index';
import { setFallbackSms } from '../api/setFallbackSms.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { SelectField } from '../forms/SelectField.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';
import { useSudo } from '../sudo/useSudo.ts';

export interface FallbackSmsFormProps {
  countries: FallbackSmsView['supportedCountries'];
  /** Changing an existing number rather than adding the first one. */
  changing: boolean;
  /** `typed` is the number as the person entered it (with its country), to show back unmasked. */
  onSent(view: FallbackSmsView, typed: string): void;
  onCancel(): void;
}

/** Step one: the number, which gets a confirmation code by SMS. */
export function FallbackSmsForm({ countries, changing, onSent, onCancel }: FallbackSmsFormProps) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ country: '', phoneNumber: '' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useFocusOnMount(headingRef);

  const handleSubmit = form.onSubmit({
    schema: setFallbackSmsRequest,
    action: async (data) => {
      const sent = await runWithSudo(() => setFallbackSms(data));
      const country = countries.find((candidate) => candidate.code === data.country);
      onSent(sent, country ? `${data.phoneNumber.trim()} (${country.name})` : data.phoneNumber.trim());
    },
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {changing ? 'Change fallback SMS number' : 'Add fallback SMS number'}
      </h3>
      <FormAlert message={form.generalError} />
      <SelectField
        {...form.fieldProps('country')}
        label="Country"
        placeholder="Choose a country"
        options={countries.map((country) => ({ value: country.code, label: `${country.name} (+${country.callingCode})` }))}
        autoComplete="country"
      />
      <TextField
        {...form.fieldProps('phoneNumber')}
        label="Phone number"
        type="tel"
        autoComplete="tel-national"
        inputMode="tel"
        hint="A mobile number including the area code. We will text it a confirmation code."
      />
      <FormActions submitLabel="Set fallback" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
