import { changePasswordRequest } from '@recovery/core/api/index';
import { changePassword } from '../api/changePassword.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useSudo } from '../sudo/useSudo.ts';

export interface ChangePasswordFormProps {
  onChanged(): void;
  onCancel(): void;
}

/** The current password and a new one; the server ends every other session. */
export function ChangePasswordForm({ onChanged, onCancel }: ChangePasswordFormProps) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ currentPassword: '', newPassword: '' });

  const handleSubmit = form.onSubmit({
    schema: changePasswordRequest,
    action: async (data) => {
      await runWithSudo(() => changePassword(data));
      onChanged();
    },
    clearOnFailure: ['currentPassword'],
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack subpanel">
      <FormAlert message={form.generalError} />
      <TextField {...form.fieldProps('currentPassword')} label="Current password" type="password" autoComplete="current-password" autoFocus />
      <TextField
        {...form.fieldProps('newPassword')}
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters. Your other sessions will be signed out."
      />
      <FormActions submitLabel="Update password" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
