import { createContext } from 'react';
import type { SudoView, UserView } from '@recovery/core/api/index';
import type { ApiError } from '../api/ApiError.ts';

export type SessionStatus = 'loading' | 'ready' | 'error';

export interface SessionContextValue {
  /** `loading` only until the first answer; later refreshes keep the last known session. */
  status: SessionStatus;
  /** The product's name (APP_NAME); empty until the session has loaded. */
  appName: string;
  /** How long an approved account recovery waits before 2FA is removed; undefined until loaded. */
  recoveryWaitingHours: number | undefined;
  user: UserView | null;
  sudo: SudoView;
  /** Why the first load failed, when `status` is `error`. */
  error: ApiError | null;
  /** Reload `/api/session`; rejects with the error so a form can show it. */
  refresh(): Promise<void>;
  /** Record a sudo state the server just returned, without another round trip. */
  applySudo(sudo: SudoView): void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);
