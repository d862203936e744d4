import { useId, useRef, useState, type FormEvent } from 'react';
import { enableTwoFactorRequest, type RecoveryCodesIssued, type TwoFactorSetup } from '@recovery/core/api/index';
import { enableTwoFactor } from '../api/enableTwoFactor.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { useSudo } from '../sudo/useSudo.ts';

const fieldNames = ['code'] as const;
type Field = (typeof fieldNames)[number];

export interface AuthenticatorSetupProps {
  setup: TwoFactorSetup;
  onEnabled(issued: RecoveryCodesIssued): void;
  onCancel(): void;
}

/** Step one of turning on 2FA: the secret into the app, and one code back to prove it arrived. */
export function AuthenticatorSetup({ setup, onEnabled, onCancel }: AuthenticatorSetupProps) {
  const { runWithSudo } = useSudo();
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const setupKeyId = useId();
  useFocusOnMount(headingRef);
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const validation = validateForm(enableTwoFactorRequest, { code }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSubmitting(true);
    try {
      const issued = await runWithSudo(() => enableTwoFactor(validation.data.code));
      onEnabled(issued);
    } catch (error) {
      if (!isSudoCancelled(error)) {
        setErrors(formErrorsFrom(error, fieldNames));
        setCode('');
      }
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div role="group" aria-labelledby={headingId} className="subpanel">
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        Set up your authenticator app
      </h3>
      <p>
        Scan this QR code with an authenticator app such as 1Password, Google Authenticator or Microsoft Authenticator, then enter the code it
        shows.
      </p>
      <img className="qr-code" src={setup.qrCodeDataUrl} alt="QR code for your authenticator app" width={240} height={240} />
      <p>Cannot scan it? Type this key into the app instead (time-based, 6 digits).</p>
      {/* A read-only field rather than plain text: its label names it for every assistive tool, and it selects in one tap for copying. */}
      <div className="field">
        <label htmlFor={setupKeyId}>Setup key</label>
        <input
          id={setupKeyId}
          className="setup-key"
          type="text"
          readOnly
          value={setup.setupKey}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack setup-form">
        <FormAlert message={errors.form} />
        <TextField
          name="code"
          label="Authentication code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          hint="The 6-digit code your app shows for this account."
          value={code}
          onChange={setCode}
          error={errors.fields.code}
        />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={submitting}>
            Verify
          </button>
          <button type="button" onClick={onCancel} disabled={submitting}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
