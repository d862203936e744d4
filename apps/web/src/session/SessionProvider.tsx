import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SudoView, UserView } from '@recovery/core/api/index';
import { ApiError } from '../api/ApiError.ts';
import { getSession } from '../api/getSession.ts';
import { SessionContext, type SessionContextValue, type SessionStatus } from './SessionContext.ts';

interface SessionState {
  status: SessionStatus;
  appName: string;
  recoveryWaitingHours: number | undefined;
  user: UserView | null;
  sudo: SudoView;
  error: ApiError | null;
}

const noSudo: SudoView = { active: false, expiresAt: null };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading', appName: '', recoveryWaitingHours: undefined, user: null, sudo: noSudo, error: null });
  // Only the newest request may write, so a slow initial load cannot undo a sign-in.
  const latestRequest = useRef(0);

  const refresh = useCallback(async () => {
    const request = ++latestRequest.current;
    try {
      const session = await getSession();
      if (request !== latestRequest.current) return;
      setState({ status: 'ready', appName: session.appName, recoveryWaitingHours: session.recoveryWaitingHours, user: session.user, sudo: session.sudo, error: null });
    } catch (cause) {
      if (request !== latestRequest.current) return;
      const error = cause instanceof ApiError ? cause : new ApiError(0, 'internal', 'Could not load your session.');
      setState((previous) => (previous.status === 'ready' ? previous : { ...previous, status: 'error', error }));
      throw error;
    }
  }, []);

  const applySudo = useCallback((sudo: SudoView) => {
    setState((previous) => ({ ...previous, sudo }));
  }, []);

  useEffect(() => {
    refresh().catch(() => {
      // The error is in state; RequireSignedIn and HomeRedirect show it with a retry.
    });
  }, [refresh]);

  const value = useMemo<SessionContextValue>(() => ({ ...state, refresh, applySudo }), [state, refresh, applySudo]);
  return <SessionContext value={value}>{children}</SessionContext>;
}
