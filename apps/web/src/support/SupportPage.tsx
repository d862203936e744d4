import { PageHeading } from '../layout/PageHeading.tsx';
import { PageTitle } from '../layout/PageTitle.tsx';
import { useSession } from '../session/useSession.ts';
import { RecoveryRequestsConsole } from './RecoveryRequestsConsole.tsx';

/** The support console: staff only (the service also refuses everyone else, and staff without 2FA). */
export function SupportPage() {
  const { user } = useSession();
  return (
    <>
      <PageTitle>Recovery requests · Support</PageTitle>
      <PageHeading>Recovery requests</PageHeading>
      {user?.role === 'staff' ? (
        <RecoveryRequestsConsole />
      ) : (
        <div role="alert" className="form-alert">
          Only support staff can see recovery requests.
        </div>
      )}
    </>
  );
}
