import { useEffect, useId, useRef, useState } from 'react';
import type { DeviceRecoveryFiled, DeviceRecoveryStarted } from '@recovery/core/api/index';
import { isApiError } from '../api/ApiError.ts';
import { loadCoreApi } from '../api/coreApi.ts';
import { startDeviceRecovery } from '../api/startDeviceRecovery.ts';
import { verifyRecoveryEmail } from '../api/verifyRecoveryEmail.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { OneTimeCodeField } from '../forms/OneTimeCodeField.tsx';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { formErrorsFrom } from '../forms/FormErrors.ts';
import { useApiForm } from '../forms/useApiForm.ts';
import { afterWaitingPeriod } from '../format/formatWaitingPeriod.ts';
import { DeviceRecoveryFiledNotice } from './DeviceRecoveryFiledNotice.tsx';

export interface StartAccountRecoveryProps {
  /** The server voided this sign-in attempt: back to the password step. */
  onRestart(message: string): void;
  onCancel(): void;
  /** The service's waiting period after approval (from the session), when known. */
  recoveryWaitingHours?: number | undefined;
}

/**
 * "Start account recovery" without a partner: a one-time password to the account's email, then
 * the verified-device proof, which this browser gives without a click when it has it.
 */
export function StartAccountRecovery({ onRestart, onCancel, recoveryWaitingHours }: StartAccountRecoveryProps) {
  const [started, setStarted] = useState<DeviceRecoveryStarted | null>(null);
  const [filed, setFiled] = useState<DeviceRecoveryFiled | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const form = useApiForm({ code: '' });
  const headingId = useId();
  const asked = useRef(false);

  async function send() {
    setSendError(null);
    try {
      setStarted(await startDeviceRecovery());
    } catch (cause) {
      if (isApiError(cause, 'unauthenticated')) onRestart(cause.message);
      else setSendError(actionErrorMessage(cause));
    }
  }

  useEffect(() => {
    // Choosing "Start account recovery" is the request for the email (once, even in strict mode).
    if (asked.current) return;
    asked.current = true;
    void send();
  }, []);

  if (filed !== null) return <DeviceRecoveryFiledNotice filed={filed} />;

  return (
    <form
      ref={form.formRef}
      className="stack"
      noValidate
      aria-labelledby={headingId}
      onSubmit={form.onSubmit({
        schema: async () => (await loadCoreApi()).verifyRecoveryEmailRequest,
        action: async (data) => setFiled(await verifyRecoveryEmail(data)),
        errorsFrom: (error, fieldNames) => {
          if (isApiError(error, 'unauthenticated')) {
            onRestart(error.message);
            return null;
          }
          return isApiError(error, 'invalid_code') ? { fields: { code: error.message }, form: null } : formErrorsFrom(error, fieldNames);
        },
        clearOnFailure: ['code'],
      })}
    >
      <h2 id={headingId}>Start account recovery</h2>
      <p>If you still know your password but have lost every way of passing two-factor authentication, our support team can remove it {afterWaitingPeriod(recoveryWaitingHours)}.</p>
      <FormAlert message={sendError ?? form.generalError} />
      {started !== null ? (
        <>
          <p role="status">We emailed a one-time password to {started.sentTo}. It expires after 10 minutes.</p>
          {started.verifiedDevice ? (
            <p className="device-proof">
              <span aria-hidden="true">✓</span> This browser is a verified device: you passed two-factor authentication in it before, so it vouches for you with the request.
            </p>
          ) : (
            <p className="device-proof-missing">
              This browser is not one where you passed two-factor authentication before. Without a verified device, support may not be able to help: the request is still
              filed and the account’s email is told, but support can approve only a request from a verified device. If you can, start again from a browser you have signed in
              with before.
            </p>
          )}
          <OneTimeCodeField {...form.fieldProps('code')} label="One-time password" hint="The 6-digit code in the email. It works once." autoFocus />
          <div className="actions">
            <button type="submit" className="button-primary" disabled={form.submitting}>
              Verify email address
            </button>
            <button type="button" onClick={() => void send()} disabled={form.submitting}>
              Send another email
            </button>
            <button type="button" onClick={onCancel} disabled={form.submitting}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </form>
  );
}
