import { useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { twoFactorSignInRequest, type TwoFactorMethod, type UserView } from '@recovery/core/api/index';
import { isApiError } from '../api/ApiError.ts';
import { signInTwoFactor } from '../api/signInTwoFactor.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';

const fieldNames = ['code'] as const;
type Field = (typeof fieldNames)[number];

export interface TwoFactorStepProps {
  methods: readonly TwoFactorMethod[];
  onSignedIn(user: UserView): void | Promise<void>;
  /** The server voided this sign-in attempt (expired, or too many wrong codes). */
  onRestart(message: string): void;
}

/** The second step of signing in, after a correct password on an account with 2FA. */
export function TwoFactorStep({ methods, onSignedIn, onRestart }: TwoFactorStepProps) {
  const [method, setMethod] = useState<TwoFactorMethod>(methods.includes('totp') ? 'totp' : 'recovery_code');
  const [code, setCode] = useState('');
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  useFocusFirstError(formRef, errors);

  function switchTo(next: TwoFactorMethod) {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      setMethod(next);
      setCode('');
      setErrors(noFormErrors());
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(twoFactorSignInRequest, { method, code }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      const { user } = await signInTwoFactor(validation.data);
      await onSignedIn(user);
    } catch (error) {
      if (isApiError(error, 'unauthenticated')) {
        onRestart(error.message);
        return;
      }
      setErrors(formErrorsFrom(error, fieldNames));
      setCode('');
    } finally {
      setSubmitting(false);
    }
  }

  const usingApp = method === 'totp';
  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Two-factor authentication</h2>
      <FormAlert message={errors.form} />
      {usingApp ? (
        <TextField
          key="totp"
          name="code"
          label="Authentication code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          hint="Open your authenticator app and enter the 6-digit code for this account."
          value={code}
          onChange={setCode}
          error={errors.fields.code}
          autoFocus
        />
      ) : (
        <TextField
          key="recovery"
          name="code"
          label="Recovery code"
          type="text"
          autoComplete="off"
          hint="One of the recovery codes you saved when you turned on two-factor authentication. Each works once."
          value={code}
          onChange={setCode}
          error={errors.fields.code}
          autoFocus
        />
      )}
      <button type="submit" className="button-primary" disabled={submitting}>
        Verify
      </button>
      <ul className="plain-list">
        {usingApp && methods.includes('recovery_code') ? (
          <li>
            <a href="#recovery-code" onClick={switchTo('recovery_code')}>
              Use a recovery code
            </a>
          </li>
        ) : null}
        {!usingApp && methods.includes('totp') ? (
          <li>
            <a href="#authentication-code" onClick={switchTo('totp')}>
              Use your authenticator app
            </a>
          </li>
        ) : null}
      </ul>
    </form>
  );
}
