import { Navigate } from 'react-router';
import { useSession } from '../session/useSession.ts';
import { SessionGate } from './SessionGate.tsx';

export function HomeRedirect() {
  return (
    <SessionGate>
      <HomeTarget />
    </SessionGate>
  );
}

function HomeTarget() {
  const { user } = useSession();
  return <Navigate to={user ? '/settings/security' : '/sign-in'} replace />;
}
