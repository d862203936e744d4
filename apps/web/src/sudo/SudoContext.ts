import { createContext } from 'react';

export interface SudoContextValue {
  /**
   * Run `action`; if the server answers `sudo_required`, show "Confirm access" and, once the
   * user confirms, run it again. Rejects with SudoCancelledError if the user cancels.
   */
  runWithSudo<T>(action: () => Promise<T>): Promise<T>;
  /**
   * Resolve at once when the session is known to be in sudo mode, otherwise show "Confirm
   * access" first: for steps that explain before they act. The server still decides; the
   * action itself goes through runWithSudo. Rejects with SudoCancelledError if the user cancels.
   */
  requireSudo(): Promise<void>;
}

export const SudoContext = createContext<SudoContextValue | null>(null);
