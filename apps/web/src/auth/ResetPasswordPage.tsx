import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { completePasswordResetRequest } from '@recovery/core/api/index';
import { completePasswordReset } from '../api/completePasswordReset.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';
import type { SignInNotice } from './SignInNotice.ts';

const fieldNames = ['password'] as const;
type Field = (typeof fieldNames)[number];

const doneNotice: SignInNotice = {
  notice: 'Your password was reset and every session was signed out. Sign in with your new password.',
};

/** The emailed link `/reset-password?token=…`: a new password, then sign in with it. */
export function ResetPasswordPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const session = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(completePasswordResetRequest, { token, password }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      await completePasswordReset(validation.data);
    } catch (error) {
      setErrors(formErrorsFrom(error, fieldNames));
      setPassword('');
      setSubmitting(false);
      return;
    }
    try {
      // The reset ended every session, this browser's included.
      await session.refresh();
    } catch {
      // The sign-in page loads the session again.
    }
    setSubmitting(false);
    await navigate('/sign-in', { replace: true, state: doneNotice });
  }

  if (token === '') {
    return (
      <div className="auth-page">
        <title>Reset your password · Account</title>
        <PageHeading>Reset your password</PageHeading>
        <div role="alert" className="form-alert">
          This reset link is incomplete. Open the link from the email again, or ask for a new one.
        </div>
        <p>
          <Link to="/forgot-password">Ask for a new reset link</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <title>Choose a new password · Account</title>
      <PageHeading>Choose a new password</PageHeading>
      <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={errors.form} />
        <TextField
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters. Every session of your account is signed out; two-factor authentication stays as it is."
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
        />
        <button type="submit" className="button-primary" disabled={submitting}>
          Reset password
        </button>
      </form>
      {/* An expired, spent or mangled link: the way forward is a new one. */}
      {errors.form !== null ? (
        <p>
          <Link to="/forgot-password">Ask for a new reset link</Link>
        </p>
      ) : null}
      <p className="auth-switch">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </div>
  );
}
