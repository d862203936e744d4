import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../api/ApiError.ts';
import { signOut } from '../api/signOut.ts';
import { useSession } from '../session/useSession.ts';

export function SignOutButton() {
  const session = useSession();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleClick() {
    setSigningOut(true);
    setError(null);
    try {
      await signOut();
    } catch (cause) {
      // Already signed out elsewhere: the goal is reached, so only refresh the session.
      if (!isApiError(cause, 'unauthenticated')) {
        setError(isApiError(cause) ? cause.message : 'Could not sign out. Try again.');
        setSigningOut(false);
        return;
      }
    }
    try {
      await session.refresh();
    } catch {
      // The session is gone on the server either way; the sign-in page will load it again.
    }
    setSigningOut(false);
    await navigate('/sign-in', { replace: true });
  }

  return (
    <div className="sign-out">
      <button type="button" onClick={handleClick} disabled={signingOut}>
        Sign out
      </button>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
