import { useId, useRef } from 'react';
import { declineRecoveryRequest as declineRequestBody, type RecoveryRequestView } from '@recovery/core/api/index';
import { declineRecoveryRequest } from '../api/declineRecoveryRequest.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextAreaField } from '../forms/TextAreaField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';

export interface DeclineRecoveryFormProps {
  request: RecoveryRequestView;
  onDeclined(request: RecoveryRequestView): void;
  onCancel(): void;
}

/** "Decline": the reason (emailed to the user), then the decision. */
export function DeclineRecoveryForm({ request, onDeclined, onCancel }: DeclineRecoveryFormProps) {
  const form = useApiForm({ reason: '' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useFocusOnMount(headingRef);

  const handleSubmit = form.onSubmit({
    schema: declineRequestBody,
    action: async ({ reason }) => onDeclined(await declineRecoveryRequest(request.id, reason)),
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack confirm-panel" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        Decline the recovery of {request.user.username}?
      </h3>
      <FormAlert message={form.generalError} />
      <p>Two-factor authentication stays on. The user is emailed that support declined, with your reason.</p>
      <TextAreaField {...form.fieldProps('reason')} label="Reason" rows={3} />
      <FormActions submitLabel="Decline" submitting={form.submitting} onCancel={onCancel} danger />
    </form>
  );
}
