import { createContext } from 'react';

export interface SudoContextValue {
  /**
   * Run `action`; if the server answers `sudo_required`, show "Confirm access" and, once the
   * user confirms, run it again. Rejects with SudoCancelledError if the user cancels.
   */
  runWithSudo<T>(action: () => Promise<T>): Promise<T>;
}

export const SudoContext = createContext<SudoContextValue | null>(null);
