import { useId, useRef, useState, type FormEvent } from 'react';
import { sudoRequest, type SudoView } from '@recovery/core/api/index';
import { confirmAccess } from '../api/confirmAccess.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';

const fieldNames = ['password'] as const;
type Field = (typeof fieldNames)[number];

export interface ConfirmAccessProps {
  onConfirmed(sudo: SudoView): void | Promise<void>;
  /** Offered only where there is something to go back to, such as an interrupted action. */
  onCancel?: () => void;
}

/** Sudo mode: the password again before a sensitive action. */
export function ConfirmAccess({ onConfirmed, onCancel }: ConfirmAccessProps) {
  const session = useSession();
  const [password, setPassword] = useState('');
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(sudoRequest, { password }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      const { sudo } = await confirmAccess(validation.data);
      await onConfirmed(sudo);
    } catch (error) {
      setErrors(formErrorsFrom(error, fieldNames));
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <section className="auth-page" aria-labelledby={headingId}>
      <title>Confirm access · Account</title>
      <PageHeading id={headingId}>Confirm access</PageHeading>
      {session.user ? (
        <p>
          Signed in as <strong>@{session.user.username}</strong>
        </p>
      ) : null}
      <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={errors.form} />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          autoFocus
        />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={submitting}>
            Confirm
          </button>
          {onCancel ? (
            <button type="button" onClick={onCancel} disabled={submitting}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
      <p className="muted">You are entering sudo mode. We won’t ask for your password again for two hours.</p>
    </section>
  );
}
