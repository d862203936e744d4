import { useId, useState } from 'react';
import { confirmFallbackSmsRequest, type FallbackSmsView } from '@recovery/core/api/index';
import { confirmFallbackSms } from '../api/confirmFallbackSms.ts';
import { resendFallbackSms } from '../api/resendFallbackSms.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
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
  const [resent, setResent] = useState(false);
  const [resending, setResending] = useState(false);

  const handleSubmit = form.onSubmit({
    schema: confirmFallbackSmsRequest,
    action: async ({ code }) => onConfirmed(await runWithSudo(() => confirmFallbackSms(code))),
    clearOnFailure: ['code'],
  });

  /** A code expires after ten minutes (or never arrives): a new one, to the same number. */
  async function handleResend() {
    if (resending) return;
    setResending(true);
    try {
      await runWithSudo(resendFallbackSms);
      setResent(true);
      form.clearErrors();
    } catch (cause) {
      form.showError(actionErrorMessage(cause) ?? 'Could not send a new code.');
    } finally {
      setResending(false);
    }
  }

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Confirm your fallback number</h3>
      <p role="status">
        We sent {resent ? 'a new' : 'a'} confirmation code to {pendingNumber}.
      </p>
      <FormAlert message={form.generalError} />
      <OneTimeCodeField
        {...form.fieldProps('code')}
        label="Confirmation code"
        hint="The 6-digit code in the text message. It expires after 10 minutes."
        autoFocus
      />
      <FormActions submitLabel="Verify" submitting={form.submitting} onCancel={onCancel} />
      <p>
        No code, or it expired?{' '}
        <button type="button" onClick={() => void handleResend()} disabled={resending || form.submitting}>
          Resend
        </button>
      </p>
    </form>
  );
}
