import { Navigate, Outlet, useLocation } from 'react-router';
import { returnPathFrom } from '../navigation/returnPath.ts';
import { useSession } from '../session/useSession.ts';
import { SessionGate } from './SessionGate.tsx';

/** Sign-in and sign-up make no sense with a session; send those visits on (see returnPathFrom), or to the settings. */
export function RequireSignedOut() {
  return (
    <SessionGate>
      <SignedOutOutlet />
    </SessionGate>
  );
}

function SignedOutOutlet() {
  const { user } = useSession();
  const location = useLocation();
  if (user) return <Navigate to={returnPathFrom(new URLSearchParams(location.search).get('return_to')) ?? '/settings/security'} replace />;
  return <Outlet />;
}
