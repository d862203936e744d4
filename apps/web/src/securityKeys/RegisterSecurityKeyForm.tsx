import { useId } from 'react';
import { renameSecurityKeyRequest, type SecurityKeyView } from '@recovery/core/api/index';
import { registerSecurityKey } from '../api/registerSecurityKey.ts';
import { securityKeyRegistrationOptions } from '../api/securityKeyRegistrationOptions.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { createSecurityKeyCredential } from '../webAuthn/createSecurityKeyCredential.ts';
import { securityKeyFormErrors } from '../webAuthn/securityKeyFormErrors.ts';

export interface RegisterSecurityKeyFormProps {
  onAdded(key: SecurityKeyView): void;
  onCancel(): void;
}

/** A nickname first, then the browser's own security key prompt. */
export function RegisterSecurityKeyForm({ onAdded, onCancel }: RegisterSecurityKeyFormProps) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ nickname: '' });
  const headingId = useId();

  const handleSubmit = form.onSubmit({
    // The rename schema is exactly the nickname rule; the key's response is checked by the server.
    schema: renameSecurityKeyRequest,
    action: async ({ nickname }) => {
      const key = await runWithSudo(async () => {
        const options = await securityKeyRegistrationOptions();
        const response = await createSecurityKeyCredential(options);
        return registerSecurityKey(nickname, response);
      });
      onAdded(key);
    },
    errorsFrom: securityKeyFormErrors,
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Register new security key</h3>
      <FormAlert message={form.generalError} />
      <TextField
        {...form.fieldProps('nickname')}
        label="Nickname"
        type="text"
        autoComplete="off"
        hint="A name that tells your keys apart, such as “Blue key on my keyring”."
        autoFocus
      />
      {form.submitting ? (
        <p role="status" className="muted">
          Insert or touch your security key when your browser asks for it.
        </p>
      ) : null}
      <FormActions submitLabel="Add security key" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
