import { Navigate, type RouteObject } from 'react-router';
import { SignInPage } from '../auth/SignInPage.tsx';
import { SignUpPage } from '../auth/SignUpPage.tsx';
import { AppLayout } from '../layout/AppLayout.tsx';
import { SecurityLogPage } from '../securityLog/SecurityLogPage.tsx';
import { SecuritySettingsPage } from '../settings/SecuritySettingsPage.tsx';
import { SudoPage } from '../sudo/SudoPage.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSignedIn } from './RequireSignedIn.tsx';
import { RequireSignedOut } from './RequireSignedOut.tsx';
import { RouteErrorPage } from './RouteErrorPage.tsx';

/** Shared by the browser router (main.tsx) and memory routers in tests. */
export const appRoutes: RouteObject[] = [
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        element: <RequireSignedOut />,
        children: [
          { path: 'sign-in', element: <SignInPage /> },
          { path: 'sign-up', element: <SignUpPage /> },
        ],
      },
      {
        element: <RequireSignedIn />,
        children: [
          { path: 'settings', element: <Navigate to="/settings/security" replace /> },
          { path: 'settings/security', element: <SecuritySettingsPage /> },
          { path: 'settings/security-log', element: <SecurityLogPage /> },
          { path: 'sudo', element: <SudoPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
