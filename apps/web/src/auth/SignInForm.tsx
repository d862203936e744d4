import { useState } from 'react';
import type { TwoFactorChallenge, UserView } from '@recovery/core/api/index';
import { loadCoreApi } from '../api/coreApi.ts';
import { signIn } from '../api/signIn.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { PasskeySignIn } from '../passkeys/PasskeySignIn.tsx';
import { TwoFactorStep } from './TwoFactorStep.tsx';

export interface SignInFormProps {
  onSignedIn(user: UserView): void | Promise<void>;
  /** Passed on to the two-factor step's recovery explainer. */
  recoveryWaitingHours?: number | undefined;
}

/**
 * The whole sign-in flow: the password step, then, when the account has 2FA, the two-factor
 * step with every method the service offers for it, and "Recover with <partner>" when the
 * service names a recovery partner in its challenge.
 */
export function SignInForm({ onSignedIn, recoveryWaitingHours }: SignInFormProps) {
  const form = useApiForm({ login: '', password: '' });
  const [challenge, setChallenge] = useState<TwoFactorChallenge | null>(null);

  const handleSubmit = form.onSubmit({
    schema: async () => (await loadCoreApi()).signInRequest,
    action: async (data) => {
      const result = await signIn(data);
      if ('twoFactorRequired' in result) {
        setChallenge(result);
        return;
      }
      await onSignedIn(result.user);
    },
    clearOnFailure: ['password'],
  });

  function restart(message: string) {
    setChallenge(null);
    form.setValue('password', '');
    form.showError(message);
  }

  if (challenge !== null) {
    return <TwoFactorStep account={challenge.account} recoveryWaitingHours={recoveryWaitingHours} methods={challenge.methods} recoveryPartner={challenge.recoveryPartner} onSignedIn={onSignedIn} onRestart={restart} />;
  }

  return (
    <>
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack">
        <FormAlert message={form.generalError} />
        {/* "webauthn": the browser offers passkeys here too (conditional mediation). */}
        <TextField {...form.fieldProps('login')} label="Username or email" type="text" autoComplete="username webauthn" />
        <TextField {...form.fieldProps('password')} label="Password" type="password" autoComplete="current-password" />
        <button type="submit" className="button-primary" disabled={form.submitting}>
          Sign in
        </button>
      </form>
      <PasskeySignIn onSignedIn={onSignedIn} />
    </>
  );
}
