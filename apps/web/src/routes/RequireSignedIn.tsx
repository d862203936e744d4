import { Navigate, Outlet } from 'react-router';
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
  if (!user) return <Navigate to="/sign-in" replace />;
  return (
    <SudoProvider>
      <Outlet />
    </SudoProvider>
  );
}
