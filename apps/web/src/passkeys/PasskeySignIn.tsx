import { useEffect, useRef, useState } from 'react';
import type { UserView } from '@recovery/core/api/index';
import { passkeySignInOptions } from '../api/passkeySignInOptions.ts';
import { signInWithPasskey } from '../api/signInWithPasskey.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { cancelSecurityKeyPrompt, getSecurityKeyAssertion } from '../webAuthn/getSecurityKeyAssertion.ts';
import { passkeyErrorMessage } from './passkeyErrorMessage.ts';

export interface PasskeySignInProps {
  onSignedIn(user: UserView): void | Promise<void>;
}

const isAbort = (error: unknown) => error instanceof Error && error.name === 'AbortError';

/**
 * "Sign in with a passkey", and the same offered by autofill in "Username or email"
 * (conditional mediation, started on load where the browser supports it). A passkey stands for
 * the password and the second factor, so its answer signs in at once.
 */
export function PasskeySignIn({ onSignedIn }: PasskeySignInProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signedIn = useRef(onSignedIn);
  signedIn.current = onSignedIn;

  useEffect(() => {
    let active = true;
    void (async () => {
      const { browserSupportsWebAuthnAutofill } = await import('@simplewebauthn/browser');
      if (!active || !(await browserSupportsWebAuthnAutofill())) return;
      const options = await passkeySignInOptions();
      if (!active) return;
      const assertion = await getSecurityKeyAssertion(options, { autofill: true });
      if (!active) return;
      setBusy(true);
      const { user } = await signInWithPasskey(assertion);
      await signedIn.current(user);
    })().catch((cause: unknown) => {
      // A ceremony replaced by the button's, or ended as the page goes, is no failure.
      if (!active || isAbort(cause)) return;
      setError(passkeyErrorMessage(cause));
      setBusy(false);
    });
    return () => {
      active = false;
      void cancelSecurityKeyPrompt();
    };
  }, []);

  async function handleClick() {
    setBusy(true);
    setError(null);
    try {
      // Starting a new ceremony ends the autofill one (the library aborts it).
      const assertion = await getSecurityKeyAssertion(await passkeySignInOptions());
      const { user } = await signInWithPasskey(assertion);
      await signedIn.current(user);
    } catch (cause) {
      setError(passkeyErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <FormAlert message={error} />
      <button type="button" onClick={handleClick} disabled={busy}>
        Sign in with a passkey
      </button>
    </div>
  );
}
