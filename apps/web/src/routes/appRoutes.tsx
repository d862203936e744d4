import { Navigate, type RouteObject } from 'react-router';
import { SignInPage } from '../auth/SignInPage.tsx';
import { AppLayout } from '../layout/AppLayout.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';
import { lazyPage } from './lazyPages.ts';
import { LoadingStatus } from './LoadingStatus.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { RequireSignedIn } from './RequireSignedIn.tsx';
import { RequireSignedOut } from './RequireSignedOut.tsx';
import { RouteErrorPage } from './RouteErrorPage.tsx';

/** Shared by the browser router (main.tsx) and memory routers in tests. */
export const appRoutes: RouteObject[] = [
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    // Shown while a lazily loaded page loads on a first visit straight to it.
    hydrateFallbackElement: <LoadingStatus />,
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        element: <RequireSignedOut />,
        children: [
          { path: 'sign-in', element: <SignInPage /> },
          { path: 'sign-up', lazy: lazyPage('signUp') },
          { path: 'forgot-password', lazy: lazyPage('forgotPassword') },
        ],
      },
      // Reached from outside the app (an emailed link, the partner's redirect), signed in or not.
      { path: 'reset-password', lazy: lazyPage('resetPassword') },
      { path: 'recovery/started', lazy: lazyPage('recoveryStarted') },
      {
        element: <RequireSignedIn />,
        children: [
          { path: 'settings', element: <Navigate to="/settings/security" replace /> },
          { path: 'settings/security', lazy: lazyPage('securitySettings') },
          { path: 'settings/security-log', lazy: lazyPage('securityLog') },
          { path: 'sudo', lazy: lazyPage('sudo') },
          { path: 'support', lazy: lazyPage('support') },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
