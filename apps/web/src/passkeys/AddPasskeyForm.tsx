import { useId } from 'react';
import { renameSecurityKeyRequest, type PasskeyView } from '@recovery/core/api/index';
import { passkeyRegistrationOptions } from '../api/passkeyRegistrationOptions.ts';
import { registerPasskey } from '../api/registerPasskey.ts';
import { isApiError } from '../api/ApiError.ts';
import { formErrorsFrom, type FormErrors } from '../forms/FormErrors.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { createSecurityKeyCredential } from '../webAuthn/createSecurityKeyCredential.ts';
import { passkeyErrorMessage } from './passkeyErrorMessage.ts';

export interface AddPasskeyFormProps {
  onAdded(passkey: PasskeyView): void;
  onCancel(): void;
}

function passkeyFormErrors<F extends string>(error: unknown, fieldNames: readonly F[]): FormErrors<F> {
  return isApiError(error) ? formErrorsFrom(error, fieldNames) : { fields: {}, form: passkeyErrorMessage(error) };
}

/** A nickname first, then the browser's own passkey prompt (it asks for a PIN or biometrics). */
export function AddPasskeyForm({ onAdded, onCancel }: AddPasskeyFormProps) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ nickname: '' });
  const headingId = useId();

  const handleSubmit = form.onSubmit({
    // The nickname rule is the security keys' one; the passkey's response is checked by the server.
    schema: renameSecurityKeyRequest,
    action: async ({ nickname }) => {
      const passkey = await runWithSudo(async () => registerPasskey(nickname, await createSecurityKeyCredential(await passkeyRegistrationOptions())));
      onAdded(passkey);
    },
    errorsFrom: passkeyFormErrors,
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Add a passkey</h3>
      <FormAlert message={form.generalError} />
      <TextField {...form.fieldProps('nickname')} label="Nickname" type="text" autoComplete="off" hint="A name that tells your passkeys apart, such as “Work laptop”." autoFocus />
      {form.submitting ? (
        <p role="status" className="muted">
          Follow your browser’s prompt: it will ask for your device’s PIN, fingerprint or face.
        </p>
      ) : null}
      <FormActions submitLabel="Add passkey" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
