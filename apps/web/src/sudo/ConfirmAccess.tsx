import { useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { sudoRequest, type SudoView } from '@recovery/core/api/index';
import { isApiError } from '../api/ApiError.ts';
import { confirmAccess } from '../api/confirmAccess.ts';
import { sudoSecurityKeyOptions } from '../api/sudoSecurityKeyOptions.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';
import { getSecurityKeyAssertion } from '../webAuthn/getSecurityKeyAssertion.ts';
import { securityKeyErrorMessage } from '../webAuthn/securityKeyErrorMessage.ts';
import { useSecurityKeyCount } from './useSecurityKeyCount.ts';

const fieldNames = ['password', 'totpCode'] as const;
type Field = (typeof fieldNames)[number];
type Method = 'password' | 'totp' | 'security_key';

export interface ConfirmAccessProps {
  onConfirmed(sudo: SudoView): void | Promise<void>;
  /** Offered only where there is something to go back to, such as an interrupted action. */
  onCancel?: () => void;
}

/** Sudo mode: the password, an authenticator code or a security key again (never SMS). */
export function ConfirmAccess({ onConfirmed, onCancel }: ConfirmAccessProps) {
  const session = useSession();
  const twoFactorEnabled = session.user?.twoFactorEnabled ?? false;
  const securityKeyCount = useSecurityKeyCount(twoFactorEnabled);
  const [method, setMethod] = useState<Method>('password');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  useFocusFirstError(formRef, errors);

  function switchTo(next: 'password' | 'totp') {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      setMethod(next);
      setErrors(noFormErrors());
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting || method === 'security_key') return;
    const input = method === 'password' ? { password } : { totpCode };
    const validation = validateForm(sudoRequest, input, fieldNames);
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
      setTotpCode('');
    } finally {
      setSubmitting(false);
    }
  }

  async function handleSecurityKey(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (submitting) return;
    setMethod('security_key');
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      const options = await sudoSecurityKeyOptions();
      const securityKey = await getSecurityKeyAssertion(options);
      const { sudo } = await confirmAccess({ securityKey });
      await onConfirmed(sudo);
    } catch (error) {
      // The service names the field "securityKey", which this form has no input for.
      setErrors({ fields: {}, form: isApiError(error) ? error.message : securityKeyErrorMessage(error) });
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
        {method === 'password' ? (
          <TextField
            key="password"
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors.fields.password}
            autoFocus
          />
        ) : null}
        {method === 'totp' ? (
          <TextField
            key="totp"
            name="totpCode"
            label="Authentication code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            hint="Open your authenticator app and enter the 6-digit code for this account."
            value={totpCode}
            onChange={setTotpCode}
            error={errors.fields.totpCode}
            autoFocus
          />
        ) : null}
        {method === 'security_key' ? (
          <p role="status" className="muted">
            {submitting ? 'Insert or touch your security key when your browser asks for it.' : 'Choose “Use your security key” to try again, or another way below.'}
          </p>
        ) : null}
        <div className="actions">
          {method !== 'security_key' ? (
            <button type="submit" className="button-primary" disabled={submitting}>
              Confirm
            </button>
          ) : null}
          {onCancel ? (
            <button type="button" onClick={onCancel} disabled={submitting}>
              Cancel
            </button>
          ) : null}
        </div>
        {twoFactorEnabled ? (
          <ul className="plain-list alternatives">
            {method !== 'password' ? (
              <li>
                <a href="#password" onClick={switchTo('password')}>
                  Use your password
                </a>
              </li>
            ) : null}
            {method !== 'totp' ? (
              <li>
                <a href="#authentication-code" onClick={switchTo('totp')}>
                  Use your authenticator app
                </a>
              </li>
            ) : null}
            {securityKeyCount > 0 ? (
              <li>
                <a href="#security-key" onClick={handleSecurityKey} aria-disabled={submitting || undefined}>
                  Use your security key
                </a>
              </li>
            ) : null}
          </ul>
        ) : null}
      </form>
      <p className="muted">You are entering sudo mode. We won’t ask you to confirm again for two hours.</p>
    </section>
  );
}
