import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { SessionProvider } from '../session/SessionProvider.tsx';
import { SudoProvider } from '../sudo/SudoProvider.tsx';

/** A settings component as the app mounts it: inside the session and "Confirm access". */
export function renderWithSudo(ui: ReactNode) {
  return render(
    <SessionProvider>
      <SudoProvider>{ui}</SudoProvider>
    </SessionProvider>,
  );
}
