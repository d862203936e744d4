import { useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
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
import { StartAccountRecovery } from '../accountRecovery/StartAccountRecovery.tsx';
import { RecoveryAtSignIn, type OpenRecovery } from '../accountRecovery/RecoveryAtSignIn.tsx';
import type { RecoveryPartner } from '../api/RecoveryTokenList.ts';
import { AuthenticatorCodeField } from '../twoFactor/AuthenticatorCodeField.tsx';
import { cancelSecurityKeyPrompt, getSecurityKeyAssertion } from '../webAuthn/getSecurityKeyAssertion.ts';
import { SecurityKeyPromptStatus } from '../webAuthn/SecurityKeyPromptStatus.tsx';
import { securityKeyFormErrors } from '../webAuthn/securityKeyFormErrors.ts';

/** The ways to answer, plus leaving to recover the account with the partner. */
type Way = TwoFactorMethod | 'recover' | 'account_recovery';

export interface TwoFactorStepProps {
  /** The account signing in (its username), shown so the person knows which one they are finishing. */
  account?: string;
  methods: readonly TwoFactorMethod[];
  /** Offers "Recover with <partner>" when the service has a recovery partner. */
  recoveryPartner?: RecoveryPartner | null;
  onSignedIn(user: UserView): void | Promise<void>;
  /** For the "Recover with <partner>" explainer: how long an approved recovery waits. */
  recoveryWaitingHours?: number | undefined;
  /** The server voided this sign-in attempt (expired, or too many wrong codes). */
  onRestart(message: string): void;
  /** The account's recovery in progress, shown before the ways to sign in. */
  recovery?: OpenRecovery | null | undefined;
}

/** The second step of signing in, after a correct password on an account with 2FA. */
/** A registered security key is offered first (the strongest way), then the authenticator app. */
function firstWay(methods: readonly TwoFactorMethod[]): Way {
  if (methods.includes('webauthn')) return 'webauthn';
  return methods.includes('totp') ? 'totp' : 'recovery_code';
}

export function TwoFactorStep({ account, methods, recoveryPartner = null, recoveryWaitingHours, onSignedIn, onRestart, recovery = null }: TwoFactorStepProps) {
  const [method, setMethod] = useState<Way>(() => firstWay(methods));
  const form = useApiForm({ code: '' });
  const [sentTo, setSentTo] = useState<string | null>(null);
  const headingId = useId();
  const problemsId = useId();
  // Set when the person leaves a pending key prompt for another way: its cancellation is no news.
  const leftKeyPrompt = useRef(false);

  /** Shared by every way of answering: a voided attempt restarts, anything else is shown here. */
  function errorsFrom(error: unknown, fieldNames: readonly 'code'[]): FormErrors<'code'> | null {
    if (isApiError(error, 'unauthenticated')) {
      onRestart(error.message);
      return null;
    }
    return securityKeyFormErrors(error, fieldNames);
  }

  function switchTo(next: 'totp' | 'recovery_code' | 'recover' | 'account_recovery') {
    return (event: MouseEvent<HTMLAnchorElement>) => {
      event.preventDefault();
      // Another way while a key prompt is open: close the prompt so the form is not left waiting.
      if (method === 'webauthn' && form.submitting) {
        leftKeyPrompt.current = true;
        void cancelSecurityKeyPrompt();
      }
      setMethod(next);
      form.setValue('code', '');
      form.clearErrors();
    };
  }

  /** "Cancel" in the recovery explainer: back to the first way the account offers. */
  function backFromRecover() {
    setMethod(firstWay(methods));
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

  async function handleSecurityKey(event: MouseEvent<HTMLElement>) {
    event.preventDefault();
    if (form.submitting) return;
    leftKeyPrompt.current = false;
    setMethod('webauthn');
    form.setValue('code', '');
    await form.run({
      action: async () => {
        const options = await signInSecurityKeyOptions();
        const response = await getSecurityKeyAssertion(options);
        const { user } = await signInTwoFactor({ method: 'webauthn', response });
        await onSignedIn(user);
      },
      errorsFrom: (error, fieldNames) => {
        if (leftKeyPrompt.current) {
          leftKeyPrompt.current = false;
          return null;
        }
        return errorsFrom(error, fieldNames);
      },
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

  const others = (
    <>
      {method !== 'webauthn' && methods.includes('webauthn') ? (
        <AlternativeLink href="#security-key" onClick={handleSecurityKey} disabled={form.submitting}>
          Use your security key
        </AlternativeLink>
      ) : null}
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
      <AlternativeLink href="#account-recovery" onClick={switchTo('account_recovery')}>
        Start account recovery
      </AlternativeLink>
    </>
  );

  // Its own form (forms do not nest): the email's one-time password, then the device proof.
  if (method === 'account_recovery') return <StartAccountRecovery recoveryWaitingHours={recoveryWaitingHours} onRestart={onRestart} onCancel={backFromRecover} />;

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Two-factor authentication</h2>
      {account !== undefined ? (
        <p className="signing-in-as">
          Signing in as <strong>@{account}</strong>
        </p>
      ) : null}
      {recovery !== null ? <RecoveryAtSignIn recovery={recovery} /> : null}
      <FormAlert message={form.generalError} />
      {method === 'webauthn' ? (
        <>
          <SecurityKeyPromptStatus waiting={form.submitting} />
          {form.submitting ? (
            <button type="button" onClick={() => void cancelSecurityKeyPrompt()}>
              Cancel
            </button>
          ) : (
            <button type="button" className="button-primary" onClick={(event) => void handleSecurityKey(event)}>
              Use your security key
            </button>
          )}
        </>
      ) : null}
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
          // Like the other codes of this step: typed and sent with Enter, attempt after attempt.
          announceError
        />
      ) : null}
      {method === 'recover' && recoveryPartner !== null ? (
        <RecoverWithPartner partner={recoveryPartner} recoveryWaitingHours={recoveryWaitingHours} onRestart={onRestart} onCancel={backFromRecover} />
      ) : null}
      {method === 'totp' || method === 'sms' || method === 'recovery_code' ? (
        <button type="submit" className="button-primary" disabled={form.submitting}>
          Verify
        </button>
      ) : null}
      <section className="having-problems" aria-labelledby={problemsId}>
        <h3 id={problemsId}>Having problems?</h3>
        <ul className="plain-list alternatives">{others}</ul>
      </section>
    </form>
  );
}
