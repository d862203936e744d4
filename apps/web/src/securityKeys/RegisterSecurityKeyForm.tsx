import { useId, useRef, useState, type FormEvent } from 'react';
import { renameSecurityKeyRequest, type SecurityKeyView } from '@recovery/core/api/index';
import { isApiError } from '../api/ApiError.ts';
import { registerSecurityKey } from '../api/registerSecurityKey.ts';
import { securityKeyRegistrationOptions } from '../api/securityKeyRegistrationOptions.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { createSecurityKeyCredential } from '../webAuthn/createSecurityKeyCredential.ts';
import { securityKeyErrorMessage } from '../webAuthn/securityKeyErrorMessage.ts';

const fieldNames = ['nickname'] as const;
type Field = (typeof fieldNames)[number];

export interface RegisterSecurityKeyFormProps {
  onAdded(key: SecurityKeyView): void;
  onCancel(): void;
}

/** A nickname first, then the browser's own security key prompt. */
export function RegisterSecurityKeyForm({ onAdded, onCancel }: RegisterSecurityKeyFormProps) {
  const { runWithSudo } = useSudo();
  const [nickname, setNickname] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [waiting, setWaiting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (waiting) return;
    // The rename schema is exactly the nickname rule; the key's response is checked by the server.
    const validation = validateForm(renameSecurityKeyRequest, { nickname }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setWaiting(true);
    try {
      const key = await runWithSudo(async () => {
        const options = await securityKeyRegistrationOptions();
        const response = await createSecurityKeyCredential(options);
        return registerSecurityKey(validation.data.nickname, response);
      });
      onAdded(key);
    } catch (error) {
      if (isSudoCancelled(error)) return;
      setErrors(isApiError(error) ? formErrorsFrom(error, fieldNames) : { fields: {}, form: securityKeyErrorMessage(error) });
    } finally {
      setWaiting(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack subpanel" aria-labelledby={headingId}>
      <h3 id={headingId}>Register new security key</h3>
      <FormAlert message={errors.form} />
      <TextField
        name="nickname"
        label="Nickname"
        type="text"
        autoComplete="off"
        hint="A name that tells your keys apart, such as “Blue key on my keyring”."
        value={nickname}
        onChange={setNickname}
        error={errors.fields.nickname}
        autoFocus
      />
      {waiting ? (
        <p role="status" className="muted">
          Insert or touch your security key when your browser asks for it.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={waiting}>
          Add
        </button>
        <button type="button" onClick={onCancel} disabled={waiting}>
          Cancel
        </button>
      </div>
    </form>
  );
}
