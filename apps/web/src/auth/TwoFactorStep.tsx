import { useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { twoFactorSignInRequest, type TwoFactorMethod, type UserView } from '@recovery/core/api/index';
import { isApiError } from '../api/ApiError.ts';
import { sendSignInSms } from '../api/sendSignInSms.ts';
import { signInSecurityKeyOptions } from '../api/signInSecurityKeyOptions.ts';
import { signInTwoFactor } from '../api/signInTwoFactor.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { RecoverWithPartner } from '../accountRecovery/RecoverWithPartner.tsx';
import type { RecoveryPartner } from '../api/RecoveryTokenList.ts';
import { getSecurityKeyAssertion } from '../webAuthn/getSecurityKeyAssertion.ts';
import { securityKeyErrorMessage } from '../webAuthn/securityKeyErrorMessage.ts';

const fieldNames = ['code'] as const;
type Field = (typeof fieldNames)[number];

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
  const [code, setCode] = useState('');
  // Errors change only on submit, so focusing the first one never pulls focus while typing.
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  useFocusFirstError(formRef, errors);

  /** Shared by every way of answering: a voided attempt restarts, anything else is shown here. */
  function fail(error: unknown): void {
    if (isApiError(error, 'unauthenticated')) {
      onRestart(error.message);
      return;
    }
    setErrors(isApiError(error) ? formErrorsFrom(error, fieldNames) : { fields: {}, form: securityKeyErrorMessage(error) });
  }

  function switchTo(next: 'totp' | 'recovery_code' | 'recover') {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      setMethod(next);
      setCode('');
      setErrors(noFormErrors());
    };
  }

  /** "Cancel" in the recovery explainer: back to the first way the account offers. */
  function backFromRecover() {
    setMethod(methods.includes('totp') ? 'totp' : 'recovery_code');
    setErrors(noFormErrors());
  }

  async function handleSendSms(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors(noFormErrors());
    try {
      const sent = await sendSignInSms();
      setSentTo(sent.sentTo);
      setMethod('sms');
      setCode('');
    } catch (error) {
      // Too soon for another text: the server's message says how long to wait.
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function handleSecurityKey(event: MouseEvent<HTMLAnchorElement>) {
    event.preventDefault();
    if (busy) return;
    setMethod('webauthn');
    setCode('');
    setErrors(noFormErrors());
    setBusy(true);
    try {
      const options = await signInSecurityKeyOptions();
      const response = await getSecurityKeyAssertion(options);
      const { user } = await signInTwoFactor({ method: 'webauthn', response });
      await onSignedIn(user);
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || method === 'webauthn' || method === 'recover') return;
    const validation = validateForm(twoFactorSignInRequest, { method, code }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setBusy(true);
    try {
      const { user } = await signInTwoFactor(validation.data);
      await onSignedIn(user);
    } catch (error) {
      fail(error);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Two-factor authentication</h2>
      <FormAlert message={errors.form} />
      {method === 'totp' ? (
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
      ) : null}
      {method === 'sms' ? (
        <>
          <p role="status">We sent a code to {sentTo}.</p>
          <TextField
            key="sms"
            name="code"
            label="Authentication code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            hint="The 6-digit code in the text message. It expires after 10 minutes."
            value={code}
            onChange={setCode}
            error={errors.fields.code}
            autoFocus
          />
        </>
      ) : null}
      {method === 'recovery_code' ? (
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
      ) : null}
      {method === 'recover' && recoveryPartner !== null ? (
        <RecoverWithPartner partner={recoveryPartner} onRestart={onRestart} onCancel={backFromRecover} />
      ) : null}
      {method === 'webauthn' ? (
        <p role="status" className="muted">
          {busy ? 'Insert or touch your security key when your browser asks for it.' : 'Choose “Use your security key” to try again, or another way below.'}
        </p>
      ) : method === 'recover' ? null : (
        <button type="submit" className="button-primary" disabled={busy}>
          Verify
        </button>
      )}
      <ul className="plain-list alternatives">
        {method !== 'totp' && methods.includes('totp') ? (
          <li>
            <a href="#authentication-code" onClick={switchTo('totp')}>
              Use your authenticator app
            </a>
          </li>
        ) : null}
        {method !== 'recovery_code' && methods.includes('recovery_code') ? (
          <li>
            <a href="#recovery-code" onClick={switchTo('recovery_code')}>
              Use a recovery code
            </a>
          </li>
        ) : null}
        {methods.includes('webauthn') ? (
          <li>
            <a href="#security-key" onClick={handleSecurityKey} aria-disabled={busy || undefined}>
              Use your security key
            </a>
          </li>
        ) : null}
        {methods.includes('sms') ? (
          <li>
            <a href="#fallback-sms" onClick={handleSendSms} aria-disabled={busy || undefined}>
              {/* Also the way to ask again: each choice sends a fresh code and voids the last. */}
              Send a code to your fallback number
            </a>
          </li>
        ) : null}
        {method !== 'recover' && recoveryPartner !== null ? (
          <li>
            <a href="#recover-elsewhere" onClick={switchTo('recover')}>
              Recover with {recoveryPartner.name}
            </a>
          </li>
        ) : null}
      </ul>
    </form>
  );
}
