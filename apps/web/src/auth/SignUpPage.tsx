import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { signUpRequest } from '@recovery/core/api/index';
import { signUp } from '../api/signUp.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';

const fieldNames = ['username', 'email', 'password'] as const;
type Field = (typeof fieldNames)[number];

export function SignUpPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', email: '', password: '' });
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(signUpRequest, values, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      await signUp(validation.data);
      await session.refresh();
      await navigate('/settings/security', { replace: true });
    } catch (error) {
      setErrors(formErrorsFrom(error, fieldNames));
    } finally {
      setSubmitting(false);
    }
  }

  const set = (field: Field) => (value: string) => setValues((previous) => ({ ...previous, [field]: value }));

  return (
    <div className="auth-page">
      <title>Create account · Account</title>
      <PageHeading>Create account</PageHeading>
      <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={errors.form} />
        <TextField
          name="username"
          label="Username"
          type="text"
          autoComplete="username"
          hint="Letters, digits and single hyphens; at most 39 characters."
          value={values.username}
          onChange={set('username')}
          error={errors.fields.username}
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={set('email')}
          error={errors.fields.email}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          value={values.password}
          onChange={set('password')}
          error={errors.fields.password}
        />
        <button type="submit" className="button-primary" disabled={submitting}>
          Create account
        </button>
      </form>
      <p className="auth-switch">
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}
