import { useState } from 'react';
import { Link } from 'react-router';
import { requestPasswordResetRequest } from '@recovery/core/api/index';
import { requestPasswordReset } from '../api/requestPasswordReset.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { PageTitle } from '../layout/PageTitle.tsx';

/** "Forgot password?": asks for a reset link by email; the answer never says whether the account exists. */
export function ForgotPasswordPage() {
  const form = useApiForm({ login: '' });
  const [sentTo, setSentTo] = useState<string | null>(null);

  const handleSubmit = form.onSubmit({
    schema: requestPasswordResetRequest,
    action: async ({ login }) => {
      setSentTo(null);
      await requestPasswordReset(login);
      setSentTo(login);
    },
  });

  return (
    <div className="auth-page">
      <PageTitle>Reset your password</PageTitle>
      <PageHeading>Reset your password</PageHeading>
      <p>Enter your username or email. If an account matches, we email it a link to choose a new password.</p>
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={form.generalError} />
        <TextField {...form.fieldProps('login')} label="Username or email" type="text" autoComplete="username" />
        <button type="submit" className="button-primary" disabled={form.submitting}>
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
