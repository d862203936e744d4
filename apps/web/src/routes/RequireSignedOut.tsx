import { Navigate, Outlet } from 'react-router';
import { useSession } from '../session/useSession.ts';
import { SessionGate } from './SessionGate.tsx';

/** Sign-in and sign-up make no sense with a session; send those visits to the settings. */
export function RequireSignedOut() {
  return (
    <SessionGate>
      <SignedOutOutlet />
    </SessionGate>
  );
}

function SignedOutOutlet() {
  const { user } = useSession();
  if (user) return <Navigate to="/settings/security" replace />;
  return <Outlet />;
}
