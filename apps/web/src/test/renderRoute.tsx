import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { appRoutes } from '../routes/appRoutes.tsx';
import { SessionProvider } from '../session/SessionProvider.tsx';

/** The whole app at `path`, on a memory router whose location the test can read. */
export function renderRoute(path: string) {
  const router = createMemoryRouter(appRoutes, { initialEntries: [path] });
  const result = render(
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>,
  );
  return { ...result, router };
}
