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
  if (!user) return <Navigate to={signInPathFor(location)} replace />;
  return (
    <SudoProvider>
      <Outlet />
    </SudoProvider>
  );
}
