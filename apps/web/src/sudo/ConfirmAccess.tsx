import { useId, useState, type FormEvent, type MouseEvent } from 'react';
import type { SudoView } from '@recovery/core/api/index';
import { loadCoreApi } from '../api/coreApi.ts';
import { confirmAccess } from '../api/confirmAccess.ts';
import { sudoSecurityKeyOptions } from '../api/sudoSecurityKeyOptions.ts';
import { AlternativeLink } from '../forms/AlternativeLink.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';
import { AuthenticatorCodeField } from '../twoFactor/AuthenticatorCodeField.tsx';
import { getSecurityKeyAssertion } from '../webAuthn/getSecurityKeyAssertion.ts';
import { SecurityKeyPromptStatus } from '../webAuthn/SecurityKeyPromptStatus.tsx';
import { securityKeyErrorMessage } from '../webAuthn/securityKeyErrorMessage.ts';
import { useSecurityKeyCount } from './useSecurityKeyCount.ts';
import { PageTitle } from '../layout/PageTitle.tsx';

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
  const form = useApiForm({ password: '', totpCode: '' });
  const headingId = useId();

  function switchTo(next: 'password' | 'totp') {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      setMethod(next);
      form.clearErrors();
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (method === 'security_key') return;
    await form.submit({
      schema: async () => (await loadCoreApi()).sudoRequest,
      input: method === 'password' ? { password: form.values.password } : { totpCode: form.values.totpCode },
      action: async (data) => {
        const { sudo } = await confirmAccess(data);
        await onConfirmed(sudo);
      },
      clearOnFailure: ['password', 'totpCode'],
    });
  }

  async function handleSecurityKey(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (form.submitting) return;
    setMethod('security_key');
    await form.run({
      action: async () => {
        const options = await sudoSecurityKeyOptions();
        const securityKey = await getSecurityKeyAssertion(options);
        const { sudo } = await confirmAccess({ securityKey });
        await onConfirmed(sudo);
      },
      // The service names the field "securityKey", which this form has no input for, so its
      // message goes to the alert as it is (securityKeyErrorMessage passes service messages through).
      errorsFrom: (error) => ({ fields: {}, form: securityKeyErrorMessage(error) }),
    });
  }

  return (
    <section className="auth-page" aria-labelledby={headingId}>
      <PageTitle>Confirm access</PageTitle>
      <PageHeading id={headingId}>Confirm access</PageHeading>
      {session.user ? (
        <p>
          Signed in as <strong>@{session.user.username}</strong>
        </p>
      ) : null}
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={form.generalError} />
        {method === 'password' ? (
          <TextField key="password" {...form.fieldProps('password')} label="Password" type="password" autoComplete="current-password" autoFocus />
        ) : null}
        {method === 'totp' ? <AuthenticatorCodeField key="totp" {...form.fieldProps('totpCode')} autoFocus /> : null}
        {method === 'security_key' ? <SecurityKeyPromptStatus waiting={form.submitting} /> : null}
        <div className="actions">
          {method !== 'security_key' ? (
            <button type="submit" className="button-primary" disabled={form.submitting}>
              Confirm
            </button>
          ) : null}
          {onCancel ? (
            <button type="button" onClick={onCancel} disabled={form.submitting}>
              Cancel
            </button>
          ) : null}
        </div>
        {twoFactorEnabled ? (
          <ul className="plain-list alternatives">
            {method !== 'password' ? (
              <AlternativeLink href="#password" onClick={switchTo('password')}>
                Use your password
              </AlternativeLink>
            ) : null}
            {method !== 'totp' ? (
              <AlternativeLink href="#authentication-code" onClick={switchTo('totp')}>
                Use your authenticator app
              </AlternativeLink>
            ) : null}
            {securityKeyCount > 0 ? (
              <AlternativeLink href="#security-key" onClick={handleSecurityKey} disabled={form.submitting}>
                Use your security key
              </AlternativeLink>
            ) : null}
          </ul>
        ) : null}
      </form>
      <p className="muted">You are entering sudo mode. We won’t ask you to confirm again for two hours.</p>
    </section>
  );
}
