import { useId, useRef } from 'react';
import { enableTwoFactorRequest, type TwoFactorSetup } from '@recovery/core/api/index';
import { FieldShell } from '../forms/FieldShell.tsx';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { OneTimeCodeField } from '../forms/OneTimeCodeField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';
import { useSudo } from '../sudo/useSudo.ts';

export interface AuthenticatorSetupProps {
  setup: TwoFactorSetup;
  /** "Set up your authenticator app", or the heading for replacing one. */
  title: string;
  /** Sends the code (turning 2FA on, or swapping in the new app) and goes on; runs in sudo mode. */
  verify(code: string): Promise<void>;
  onCancel(): void;
}

/** The secret into the app, and one code back to prove it arrived: turning 2FA on, or "Edit". */
export function AuthenticatorSetup({ setup, title, verify, onCancel }: AuthenticatorSetupProps) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ code: '' });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useFocusOnMount(headingRef);

  const handleSubmit = form.onSubmit({
    schema: enableTwoFactorRequest,
    action: ({ code }) => runWithSudo(() => verify(code)),
    clearOnFailure: ['code'],
  });

  return (
    <div role="group" aria-labelledby={headingId} className="subpanel">
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
      </h3>
      <p>
        Scan this QR code with an authenticator app such as 1Password, Google Authenticator or Microsoft Authenticator, then enter the code it
        shows.
      </p>
      <img className="qr-code" src={setup.qrCodeDataUrl} alt="QR code for your authenticator app" width={240} height={240} />
      {/* On a phone the QR code cannot scan itself: the otpauth:// link opens the authenticator app installed there. */}
      <p>
        On this phone? <a href={setup.otpauthUri}>Open in authenticator app</a>
      </p>
      <p>Cannot scan it? Type this key into the app instead (time-based, 6 digits).</p>
      {/* A read-only field rather than plain text: its label names it for every assistive tool, and it selects in one tap for copying.
          A textarea, so the key wraps on a narrow screen instead of being cut. */}
      <FieldShell label="Setup key">
        {(control) => (
          <textarea
            {...control}
            className="setup-key"
            readOnly
            rows={1}
            value={setup.setupKey}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            onFocus={(event) => event.currentTarget.select()}
          />
        )}
      </FieldShell>
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack setup-form">
        <FormAlert message={form.generalError} />
        <OneTimeCodeField {...form.fieldProps('code')} label="Authentication code" hint="The 6-digit code your app shows for this account." />
        <FormActions submitLabel="Verify" submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}
