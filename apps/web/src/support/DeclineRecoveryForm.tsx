import { useId, useRef, useState, type FormEvent } from 'react';
import { declineRecoveryRequest as declineRequestBody, type RecoveryRequestView } from '@recovery/core/api/index';
import { declineRecoveryRequest } from '../api/declineRecoveryRequest.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextAreaField } from '../forms/TextAreaField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';

const fieldNames = ['reason'] as const;
type Field = (typeof fieldNames)[number];

export interface DeclineRecoveryFormProps {
  request: RecoveryRequestView;
  onDeclined(request: RecoveryRequestView): void;
  onCancel(): void;
}

/** "Decline": the reason (emailed to the user), then the decision. */
export function DeclineRecoveryForm({ request, onDeclined, onCancel }: DeclineRecoveryFormProps) {
  const [reason, setReason] = useState('');
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
    const validation = validateForm(declineRequestBody, { reason }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      onDeclined(await declineRecoveryRequest(request.id, validation.data.reason));
    } catch (error) {
      setErrors(formErrorsFrom(error, fieldNames));
      setSubmitting(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack confirm-panel" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        Decline the recovery of {request.user.username}?
      </h3>
      <FormAlert message={errors.form} />
      <p>Two-factor authentication stays on. The user is emailed that support declined, with your reason.</p>
      <TextAreaField name="reason" label="Reason" rows={3} value={reason} onChange={setReason} error={errors.fields.reason} />
      <div className="actions">
        <button type="submit" className="button-danger" disabled={submitting}>
          Decline
        </button>
        <button type="button" onClick={onCancel} disabled={submitting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
