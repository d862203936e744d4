import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { requestPasswordResetRequest } from '@recovery/core/api/index';
import { requestPasswordReset } from '../api/requestPasswordReset.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';

const fieldNames = ['login'] as const;
type Field = (typeof fieldNames)[number];

/** "Forgot password?": asks for a reset link by email; the answer never says whether the account exists. */
export function ForgotPasswordPage() {
  const [login, setLogin] = useState('');
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(requestPasswordResetRequest, { login }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSentTo(null);
    setSubmitting(true);
    try {
      await requestPasswordReset(validation.data.login);
      setSentTo(validation.data.login);
    } catch (error) {
      setErrors(formErrorsFrom(error, fieldNames));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="auth-page">
      <title>Reset your password · Account</title>
      <PageHeading>Reset your password</PageHeading>
      <p>Enter your username or email. If an account matches, we email it a link to choose a new password.</p>
      <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={errors.form} />
        <TextField
          name="login"
          label="Username or email"
          type="text"
          autoComplete="username"
          value={login}
          onChange={setLogin}
          error={errors.fields.login}
        />
        <button type="submit" className="button-primary" disabled={submitting}>
          Send reset link
        </button>
      </form>
      <p role="status" className="notice-success action-status">
        {sentTo !== null
          ? `If an account matches “${sentTo}”, we sent a reset link to its email address. The link works once, for one hour. Resetting your password does not turn off two-factor authentication.`
          : ''}
      </p>
      <p className="auth-switch">
        Remembered it? <Link to="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
