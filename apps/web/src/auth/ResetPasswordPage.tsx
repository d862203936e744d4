import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { completePasswordResetRequest } from '@recovery/core/api/index';
import { checkPasswordReset } from '../api/checkPasswordReset.ts';
import { completePasswordReset } from '../api/completePasswordReset.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';
import type { SignInNotice } from './SignInNotice.ts';
import { PageTitle } from '../layout/PageTitle.tsx';

const doneNotice: SignInNotice = {
  notice: 'Your password was reset and every session was signed out. Sign in with your new password.',
};

/** The emailed link `/reset-password?token=…`: a new password, then sign in with it. */
export function ResetPasswordPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const session = useSession();
  const navigate = useNavigate();
  const form = useApiForm({ password: '' });
  // Said as soon as the link is opened, not after a new password was typed.
  const [linkExpired, setLinkExpired] = useState(false);

  useEffect(() => {
    if (token === '' || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return;
    const controller = new AbortController();
    checkPasswordReset(token, controller.signal).then(
      (status) => setLinkExpired(status === 'expired'),
      () => {
        // Unknown is not expired: the submit still gets the server's verdict.
      },
    );
    return () => controller.abort();
  }, [token]);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reset = await form.submit({
      schema: completePasswordResetRequest,
      // The token is checked too, but it has no input here: a problem with it goes to the alert.
      input: { token, ...form.values },
      action: async (data) => {
        await completePasswordReset(data);
        try {
          // The reset ended every session, this browser's included.
          await session.refresh();
        } catch {
          // The sign-in page loads the session again.
        }
      },
      clearOnFailure: ['password'],
    });
    if (reset) await navigate('/sign-in', { replace: true, state: doneNotice });
  }

  if (token === '') {
    return (
      <div className="auth-page">
        <PageTitle>Reset your password</PageTitle>
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

  if (linkExpired) {
    return (
      <div className="auth-page">
        <PageTitle>Reset your password</PageTitle>
        <PageHeading>Reset your password</PageHeading>
        <div role="alert" className="form-alert">
          This reset link has expired or was already used. Ask for a new one.
        </div>
        <p>
          <Link to="/forgot-password">Ask for a new reset link</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <PageTitle>Choose a new password</PageTitle>
      <PageHeading>Choose a new password</PageHeading>
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={form.generalError} />
        <TextField
          {...form.fieldProps('password')}
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters. Every session of your account is signed out; two-factor authentication stays as it is."
        />
        <button type="submit" className="button-primary" disabled={form.submitting}>
          Reset password
        </button>
      </form>
      {/* An expired, spent or mangled link: the way forward is a new one. */}
      {form.generalError !== null ? (
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
