import { useId, useRef, useState, type FormEvent } from 'react';
import { confirmFallbackSmsRequest, type FallbackSmsView } from '@recovery/core/api/index';
import { confirmFallbackSms } from '../api/confirmFallbackSms.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { useSudo } from '../sudo/useSudo.ts';

const fieldNames = ['code'] as const;
type Field = (typeof fieldNames)[number];

export interface ConfirmFallbackSmsFormProps {
  /** Masked: only its last digits. */
  pendingNumber: string;
  onConfirmed(view: FallbackSmsView): void;
  onCancel(): void;
}

/** Step two: the code from the SMS proves the number reaches the user's phone. */
export function ConfirmFallbackSmsForm({ pendingNumber, onConfirmed, onCancel }: ConfirmFallbackSmsFormProps) {
  const { runWithSudo } = useSudo();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(confirmFallbackSmsRequest, { code }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      onConfirmed(await runWithSudo(() => confirmFallbackSms(validation.data.code)));
    } catch (error) {
      if (!isSudoCancelled(error)) {
        setErrors(formErrorsFrom(error, fieldNames));
        setCode('');
      }
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Confirm your fallback number</h3>
      <p role="status">We sent a confirmation code to {pendingNumber}.</p>
      <FormAlert message={errors.form} />
      <TextField
        name="code"
        label="Confirmation code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        hint="The 6-digit code in the text message. It expires after 10 minutes."
        value={code}
        onChange={setCode}
        error={errors.fields.code}
        autoFocus
      />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={submitting}>
          Verify
        </button>
        <button type="button" onClick={onCancel} disabled={submitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
