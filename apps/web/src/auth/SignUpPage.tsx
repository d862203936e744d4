import { Link, useNavigate } from 'react-router';
import { signUpRequest } from '@recovery/core/api/index';
import { signUp } from '../api/signUp.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';
import { PageTitle } from '../layout/PageTitle.tsx';

export function SignUpPage() {
  const session = useSession();
  const navigate = useNavigate();
  const form = useApiForm({ username: '', email: '', password: '' });

  const handleSubmit = form.onSubmit({
    schema: signUpRequest,
    action: async (data) => {
      await signUp(data);
      await session.refresh();
      await navigate('/settings/security', { replace: true });
    },
  });

  return (
    <div className="auth-page">
      <PageTitle>Create account</PageTitle>
      <PageHeading>Create account</PageHeading>
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={form.generalError} />
        <TextField
          {...form.fieldProps('username')}
          label="Username"
          type="text"
          autoComplete="username"
          hint="Letters, digits and single hyphens; at most 39 characters."
        />
        <TextField {...form.fieldProps('email')} label="Email" type="email" autoComplete="email" />
        <TextField {...form.fieldProps('password')} label="Password" type="password" autoComplete="new-password" hint="At least 8 characters." />
        <button type="submit" className="button-primary" disabled={form.submitting}>
          Create account
        </button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
