import { useCallback, useEffect, useState } from 'react';
import type { TwoFactorStatus } from '@recovery/core/api/index';
import { getTwoFactor } from '../api/getTwoFactor.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';

export interface TwoFactorStatusState {
  status: TwoFactorStatus | null;
  error: string | null;
  reload(): void;
}

/** The account's 2FA state from the service, which (unlike the session) counts recovery codes. */
export function useTwoFactorStatus(): TwoFactorStatusState {
  const [status, setStatus] = useState<TwoFactorStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    getTwoFactor(controller.signal).then(
      (next) => {
        setStatus(next);
        setError(null);
      },
      (cause: unknown) => {
        if (!controller.signal.aborted) setError(actionErrorMessage(cause) ?? 'Could not load your two-factor settings.');
      },
    );
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { status, error, reload };
}
