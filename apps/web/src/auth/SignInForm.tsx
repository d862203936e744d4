import { useRef, useState, type FormEvent } from 'react';
import { signInRequest, type TwoFactorChallenge, type UserView } from '@recovery/core/api/index';
import { signIn } from '../api/signIn.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { TwoFactorStep } from './TwoFactorStep.tsx';

const fieldNames = ['login', 'password'] as const;
type Field = (typeof fieldNames)[number];

export interface SignInFormProps {
  onSignedIn(user: UserView): void | Promise<void>;
}

/**
 * The whole sign-in flow: the password step, then, when the account has 2FA, the two-factor
 * step with every method the service offers for it, and "Recover with <partner>" when the
 * service names a recovery partner in its challenge.
 */
export function SignInForm({ onSignedIn }: SignInFormProps) {
  const [values, setValues] = useState<Record<Field, string>>({ login: '', password: '' });
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const [challenge, setChallenge] = useState<TwoFactorChallenge | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(signInRequest, values, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      const result = await signIn(validation.data);
      if ('twoFactorRequired' in result) {
        setChallenge(result);
        return;
      }
      await onSignedIn(result.user);
    } catch (error) {
      setErrors(formErrorsFrom(error, fieldNames));
      setValues((previous) => ({ ...previous, password: '' }));
    } finally {
      setSubmitting(false);
    }
  }

  function restart(message: string) {
    setChallenge(null);
    setValues((previous) => ({ ...previous, password: '' }));
    setErrors({ fields: {}, form: message });
  }

  if (challenge !== null) {
    return <TwoFactorStep methods={challenge.methods} recoveryPartner={challenge.recoveryPartner} onSignedIn={onSignedIn} onRestart={restart} />;
  }

  const set = (field: Field) => (value: string) => setValues((previous) => ({ ...previous, [field]: value }));

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
      <FormAlert message={errors.form} />
      <TextField
        name="login"
        label="Username or email"
        type="text"
        autoComplete="username"
        value={values.login}
        onChange={set('login')}
        error={errors.fields.login}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        value={values.password}
        onChange={set('password')}
        error={errors.fields.password}
      />
      <button type="submit" className="button-primary" disabled={submitting}>
        Sign in
      </button>
    </form>
  );
}
