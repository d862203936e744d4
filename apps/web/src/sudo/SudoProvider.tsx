import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SudoView } from '@recovery/core/api/index';
import { isApiError } from '../api/ApiError.ts';
import { useSession } from '../session/useSession.ts';
import { ConfirmAccess } from './ConfirmAccess.tsx';
import { SudoCancelledError } from './SudoCancelledError.ts';
import { SudoContext, type SudoContextValue } from './SudoContext.ts';

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
}

/**
 * Shows "Confirm access" in place of the page whenever an action inside it needs sudo mode.
 * The page stays mounted (only hidden) so the interrupted action can finish once retried.
 */
export function SudoProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const [prompting, setPrompting] = useState(false);
  // Several actions may hit sudo_required at once; one confirmation releases them all.
  const waiters = useRef<Waiter[]>([]);
  // Read when requireSudo is called, so it always sees the latest sudo state.
  const knownSudo = useRef(session.sudo);
  useEffect(() => {
    knownSudo.current = session.sudo;
  }, [session.sudo]);

  const settle = useCallback((confirmed: boolean) => {
    const pending = waiters.current;
    waiters.current = [];
    setPrompting(false);
    for (const waiter of pending) {
      if (confirmed) waiter.resolve();
      else waiter.reject(new SudoCancelledError());
    }
  }, []);

  useEffect(() => () => settle(false), [settle]);

  const runWithSudo = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await action();
      } catch (error) {
        if (!isApiError(error, 'sudo_required')) throw error;
        knownSudo.current = { active: false, expiresAt: null };
        await new Promise<void>((resolve, reject) => {
          waiters.current.push({ resolve, reject });
          setPrompting(true);
        });
      }
    }
  }, []);

  const requireSudo = useCallback(async (): Promise<void> => {
    if (sudoActive(knownSudo.current)) return;
    await new Promise<void>((resolve, reject) => {
      waiters.current.push({ resolve, reject });
      setPrompting(true);
    });
  }, []);

  const { applySudo } = session;
  const handleConfirmed = useCallback(
    (sudo: SudoView) => {
      applySudo(sudo);
      knownSudo.current = sudo;
      settle(true);
    },
    [applySudo, settle],
  );

  const value = useMemo<SudoContextValue>(() => ({ runWithSudo, requireSudo }), [runWithSudo, requireSudo]);

  return (
    <SudoContext value={value}>
      {prompting ? <ConfirmAccess onConfirmed={handleConfirmed} onCancel={() => settle(false)} /> : null}
      <div hidden={prompting}>{children}</div>
    </SudoContext>
  );
}

/** The server's word from the last session or sudo answer, judged by this clock. */
function sudoActive(sudo: SudoView): boolean {
  return sudo.active && sudo.expiresAt !== null && Date.parse(sudo.expiresAt) > Date.now();
}
