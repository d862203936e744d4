import { useRef, useState } from 'react';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { SuccessStatus } from '../layout/SuccessStatus.tsx';
import { useSuccessMessage } from '../layout/useSuccessMessage.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';

/** "Change password": "Confirm access" first, then the form; the outcome is announced here. */
export function PasswordSection() {
  const { requireSudo } = useSudo();
  const [editing, setEditing] = useState(false);
  const success = useSuccessMessage();
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  async function handleOpen() {
    success.say('');
    setError(null);
    try {
      await requireSudo();
      setEditing(true);
    } catch (cause) {
      if (!isSudoCancelled(cause)) setError(actionErrorMessage(cause));
    }
  }

  function close(message: string) {
    setEditing(false);
    success.say(message);
    headingRef.current?.focus();
  }

  return (
    // Not a labelled region: its name would contain "password", and "Confirm access" (on this
    // same page) is found by its field labelled "Password".
    <section className="panel password-section">
      <h2 ref={headingRef} tabIndex={-1}>
        Change password
      </h2>
      <SuccessStatus message={success.message} />
      {editing ? (
        <ChangePasswordForm onChanged={() => close('Your password was changed. Your other sessions were signed out.')} onCancel={() => close('')} />
      ) : (
        <>
          <FormAlert message={error} />
          <div className="actions">
            <button type="button" onClick={() => void handleOpen()}>
              Change password
            </button>
          </div>
        </>
      )}
    </section>
  );
}
