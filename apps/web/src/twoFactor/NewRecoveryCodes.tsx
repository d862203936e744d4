import { useId, useRef } from 'react';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';
import { RecoveryCodeActions } from './RecoveryCodeActions.tsx';
import { RecoveryCodeList } from './RecoveryCodeList.tsx';

export interface IssuedRecoveryCodes {
  recoveryCodes: readonly string[];
  generatedAt: string;
}

export interface NewRecoveryCodesProps {
  issued: IssuedRecoveryCodes;
  username: string;
  onSaved(): void;
}

/**
 * A fresh set of codes, shown once in full: the page stays on this view until the user says
 * they have saved them, because these codes are the way back in when the phone is lost.
 */
export function NewRecoveryCodes({ issued, username, onSaved }: NewRecoveryCodesProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);

  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Save your recovery codes
      </h2>
      <p>
        If you lose your phone or cannot use your authenticator app, a recovery code gets you back into your account. Each code works once.
        Keep them somewhere safe, such as a password manager, and not on the device you use for codes.
      </p>
      <RecoveryCodeList codes={issued.recoveryCodes.map((code) => ({ code, used: false }))} label="Recovery codes" />
      <RecoveryCodeActions codes={issued.recoveryCodes} username={username} generatedAt={issued.generatedAt} />
      <p>
        <button type="button" className="button-primary" onClick={onSaved}>
          I have saved my recovery codes
        </button>
      </p>
    </section>
  );
}
