import { useId, useState } from 'react';
import { Link } from 'react-router';
import { loadCoreApi } from '../api/coreApi.ts';
import { verifyTwoFactorCheckup } from '../api/verifyTwoFactorCheckup.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { AuthenticatorCodeField } from '../twoFactor/AuthenticatorCodeField.tsx';
import { useTwoFactorCheckup } from './useTwoFactorCheckup.ts';

/**
 * The 2FA check-up's notice, on any page of a signed-in session once it is due: one code from
 * the authenticator app passes it; a wrong one leads to "Reconfigure 2FA" (which confirms access
 * with the password first, like every change to 2FA) before the setup can lock anyone out.
 */
export function TwoFactorCheckupNotice() {
  const [checkup, setCheckup] = useTwoFactorCheckup();
  const [asking, setAsking] = useState(false);
  const [verified, setVerified] = useState(false);
  const form = useApiForm({ code: '' });
  const headingId = useId();

  if (verified) {
    return (
      <p role="status" className="notice-success">
        Your two-factor authentication works. Thank you for checking.
      </p>
    );
  }
  if (checkup === null || (checkup.state !== 'due' && checkup.state !== 'failed')) return null;

  return (
    <section aria-labelledby={headingId} className="warning checkup-notice">
      <h2 id={headingId}>Verify your two-factor authentication settings</h2>
      {checkup.state === 'failed' ? (
        <>
          <p>That code did not work, so your two-factor authentication may be set up wrongly and could lock you out at your next sign-in. Set it up again now, while you are still signed in: you confirm access with your password, then scan a new setup key.</p>
          <Link className="button-primary" to="/settings/security">
            Reconfigure 2FA
          </Link>
        </>
      ) : asking ? (
        <form
          ref={form.formRef}
          noValidate
          className="stack"
          onSubmit={form.onSubmit({
            schema: async () => (await loadCoreApi()).verifyTwoFactorCheckupRequest,
            action: async (data) => {
              const next = await verifyTwoFactorCheckup(data);
              if (next.state === 'passed') setVerified(true);
              setCheckup(next);
            },
            clearOnFailure: ['code'],
          })}
        >
          <FormAlert message={form.generalError} />
          <AuthenticatorCodeField {...form.fieldProps('code')} autoFocus />
          <button type="submit" className="button-primary" disabled={form.submitting}>
            Verify
          </button>
        </form>
      ) : (
        <>
          <p>You turned on or changed two-factor authentication a while ago and have not used it since. Check once that it works, before you need it to sign in.</p>
          <button type="button" className="button-primary" onClick={() => setAsking(true)}>
            Verify 2FA now
          </button>
        </>
      )}
    </section>
  );
}
