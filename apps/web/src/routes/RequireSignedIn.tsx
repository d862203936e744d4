import { useEffect, useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { signInPathFor } from '../navigation/returnPath.ts';
import { useSession } from '../session/useSession.ts';
import { SudoProvider } from '../sudo/SudoProvider.tsx';
import { SessionGate } from './SessionGate.tsx';

export function RequireSignedIn() {
  return (
    <SessionGate>
      <SignedInOutlet />
    </SessionGate>
  );
}

function SignedInOutlet() {
  const { user } = useSession();
  const location = useLocation();
  /** Signed in earlier in this visit: losing the user now is a sign-out, not a detour to come back from. */
  const wasSignedIn = useRef(false);
  useEffect(() => {
    if (user) wasSignedIn.current = true;
  }, [user]);
  if (!user) return <Navigate to={wasSignedIn.current ? '/sign-in' : signInPathFor(location)} replace />;
  return (
    <SudoProvider>
      <Outlet />
    </SudoProvider>
  );
}
