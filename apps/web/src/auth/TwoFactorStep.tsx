import { useId, useState, type FormEvent, type MouseEvent } from 'react';
import type { TwoFactorMethod, UserView } from '@recovery/core/api/index';
import { loadCoreApi } from '../api/coreApi.ts';
import { isApiError } from '../api/ApiError.ts';
import { sendSignInSms } from '../api/sendSignInSms.ts';
import { signInSecurityKeyOptions } from '../api/signInSecurityKeyOptions.ts';
import { signInTwoFactor } from '../api/signInTwoFactor.ts';
import { AlternativeLink } from '../forms/AlternativeLink.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import type { FormErrors } from '../forms/FormErrors.ts';
import { OneTimeCodeField } from '../forms/OneTimeCodeField.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { RecoverWithPartner } from '../accountRecovery/RecoverWithPartner.tsx';
import type { RecoveryPartner } from '../api/RecoveryTokenList.ts';
import { AuthenticatorCodeField } from '../twoFactor/AuthenticatorCodeField.tsx';
import { getSecurityKeyAssertion } from '../webAuthn/getSecurityKeyAssertion.ts';
import { SecurityKeyPromptStatus } from '../webAuthn/SecurityKeyPromptStatus.tsx';
import { securityKeyFormErrors } from '../webAuthn/securityKeyFormErrors.ts';

/** The ways to answer, plus leaving to recover the account with the partner. */
type Way = TwoFactorMethod | 'recover';

export interface TwoFactorStepProps {
  methods: readonly TwoFactorMethod[];
  /** Offers "Recover with <partner>" when the service has a recovery partner. */
  recoveryPartner?: RecoveryPartner | null;
  onSignedIn(user: UserView): void | Promise<void>;
  /** The server voided this sign-in attempt (expired, or too many wrong codes). */
  onRestart(message: string): void;
}

/** The second step of signing in, after a correct password on an account with 2FA. */
export function TwoFactorStep({ methods, recoveryPartner = null, onSignedIn, onRestart }: TwoFactorStepProps) {
  const [method, setMethod] = useState<Way>(methods.includes('totp') ? 'totp' : 'recovery_code');
  const form = useApiForm({ code: '' });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const headingId = useId();

  /** Shared by every way of answering: a voided attempt restarts, anything else is shown here. */
  function errorsFrom(error: unknown, fieldNames: readonly 'code'[]): FormErrors<'code'> | null {
    if (isApiError(error, 'unauthenticated')) {
      onRestart(error.message);
      return null;
    }
    return securityKeyFormErrors(error, fieldNames);
  }

  function switchTo(next: 'totp' | 'recovery_code' | 'recover') {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      setMethod(next);
      form.setValue('code', '');
      form.clearErrors();
    };
  }

  /** "Cancel" in the recovery explainer: back to the first way the account offers. */
  function backFromRecover() {
    setMethod(methods.includes('totp') ? 'totp' : 'recovery_code');
    form.clearErrors();
  }

  async function handleSendSms(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    await form.run({
      action: async () => {
        const sent = await sendSignInSms();
        setSentTo(sent.sentTo);
        setMethod('sms');
        form.setValue('code', '');
      },
      // Too soon for another text: the server's message says how long to wait.
      errorsFrom,
    });
  }

  async function handleSecurityKey(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (form.submitting) return;
    setMethod('webauthn');
    form.setValue('code', '');
    await form.run({
      action: async () => {
        const options = await signInSecurityKeyOptions();
        const response = await getSecurityKeyAssertion(options);
        const { user } = await signInTwoFactor({ method: 'webauthn', response });
        await onSignedIn(user);
      },
      errorsFrom,
    });
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (method === 'webauthn' || method === 'recover') return;
    await form.submit({
      schema: async () => (await loadCoreApi()).twoFactorSignInRequest,
      input: { method, ...form.values },
      action: async (data) => {
        const { user } = await signInTwoFactor(data);
        await onSignedIn(user);
      },
      errorsFrom,
      clearOnFailure: ['code'],
    });
  }

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Two-factor authentication</h2>
      <FormAlert message={form.generalError} />
      {method === 'totp' ? <AuthenticatorCodeField key="totp" {...form.fieldProps('code')} autoFocus /> : null}
      {method === 'sms' ? (
        <>
          <p role="status">We sent a code to {sentTo}.</p>
          <OneTimeCodeField
            key="sms"
            {...form.fieldProps('code')}
            label="Authentication code"
            hint="The 6-digit code in the text message. It expires after 10 minutes."
            autoFocus
          />
        </>
      ) : null}
      {method === 'recovery_code' ? (
        <TextField
          key="recovery"
          {...form.fieldProps('code')}
          label="Recovery code"
          type="text"
          autoComplete="off"
          hint="One of the recovery codes you saved when you turned on two-factor authentication. Each works once."
          autoFocus
        />
      ) : null}
      {method === 'recover' && recoveryPartner !== null ? (
        <RecoverWithPartner partner={recoveryPartner} onRestart={onRestart} onCancel={backFromRecover} />
      ) : null}
      {method === 'webauthn' ? (
        <SecurityKeyPromptStatus waiting={form.submitting} />
      ) : method === 'recover' ? null : (
        <button type="submit" className="button-primary" disabled={form.submitting}>
          Verify
        </button>
      )}
      <ul className="plain-list alternatives">
        {method !== 'totp' && methods.includes('totp') ? (
          <AlternativeLink href="#authentication-code" onClick={switchTo('totp')}>
            Use your authenticator app
          </AlternativeLink>
        ) : null}
        {method !== 'recovery_code' && methods.includes('recovery_code') ? (
          <AlternativeLink href="#recovery-code" onClick={switchTo('recovery_code')}>
            Use a recovery code
          </AlternativeLink>
        ) : null}
        {methods.includes('webauthn') ? (
          <AlternativeLink href="#security-key" onClick={handleSecurityKey} disabled={form.submitting}>
            Use your security key
          </AlternativeLink>
        ) : null}
        {methods.includes('sms') ? (
          <AlternativeLink href="#fallback-sms" onClick={handleSendSms} disabled={form.submitting}>
            {/* Also the way to ask again: each choice sends a fresh code and voids the last. */}
            Send a code to your fallback number
          </AlternativeLink>
        ) : null}
        {method !== 'recover' && recoveryPartner !== null ? (
          <AlternativeLink href="#recover-elsewhere" onClick={switchTo('recover')}>
            Recover with {recoveryPartner.name}
          </AlternativeLink>
        ) : null}
      </ul>
    </form>
  );
}
