import { useId } from 'react';
import { confirmFallbackSmsRequest, type FallbackSmsView } from '@recovery/core/api/index';
import { confirmFallbackSms } from '../api/confirmFallbackSms.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { OneTimeCodeField } from '../forms/OneTimeCodeField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useSudo } from '../sudo/useSudo.ts';

export interface ConfirmFallbackSmsFormProps {
  /** As typed in this visit, or masked (only its last digits) when resumed on a later one. */
  pendingNumber: string;
  onConfirmed(view: FallbackSmsView): void;
  onCancel(): void;
}

/** Step two: the code from the SMS proves the number reaches the user's phone. */
export function ConfirmFallbackSmsForm({ pendingNumber, onConfirmed, onCancel }: ConfirmFallbackSmsFormProps) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ code: '' });
  const headingId = useId();

  const handleSubmit = form.onSubmit({
    schema: confirmFallbackSmsRequest,
    action: async ({ code }) => onConfirmed(await runWithSudo(() => confirmFallbackSms(code))),
    clearOnFailure: ['code'],
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Confirm your fallback number</h3>
      <p role="status">We sent a confirmation code to {pendingNumber}.</p>
      <FormAlert message={form.generalError} />
      <OneTimeCodeField
        {...form.fieldProps('code')}
        label="Confirmation code"
        hint="The 6-digit code in the text message. It expires after 10 minutes."
        autoFocus
      />
      <FormActions submitLabel="Verify" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
