import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { SessionProvider } from '../session/SessionProvider.tsx';
import { SudoProvider } from '../sudo/SudoProvider.tsx';

/** Like renderWithSudo, for a component that reads the address: on a memory router at `path`. */
export function renderWithSudoAt(ui: ReactNode, path: string) {
  const router = createMemoryRouter([{ path: '*', element: <SudoProvider>{ui}</SudoProvider> }], { initialEntries: [path] });
  const result = render(
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>,
  );
  return { ...result, router };
}
