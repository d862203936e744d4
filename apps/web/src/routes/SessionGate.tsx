import type { ReactNode } from 'react';
import { PageHeading } from '../layout/PageHeading.tsx';
import { useSession } from '../session/useSession.ts';
import { LoadingStatus } from './LoadingStatus.tsx';

/** Holds a page back until the session is known, and offers a retry if it could not be loaded. */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.status === 'loading') return <LoadingStatus />;
  if (session.status === 'error') {
    return (
      <>
        <PageHeading>Something went wrong</PageHeading>
        <div role="alert" className="form-alert">
          {session.error?.message ?? 'Could not load your session.'}
        </div>
        <button
          type="button"
          onClick={() => {
            session.refresh().catch(() => {
              // Shown by this gate from session state.
            });
          }}
        >
          Try again
        </button>
      </>
    );
  }
  return <>{children}</>;
}
