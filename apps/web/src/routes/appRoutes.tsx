import { Navigate, type RouteObject } from 'react-router';
import { RecoveryStartedPage } from '../accountRecovery/RecoveryStartedPage.tsx';
import { ForgotPasswordPage } from '../auth/ForgotPasswordPage.tsx';
import { ResetPasswordPage } from '../auth/ResetPasswordPage.tsx';
import { SignInPage } from '../auth/SignInPage.tsx';
import { SignUpPage } from '../auth/SignUpPage.tsx';
import { AppLayout } from '../layout/AppLayout.tsx';
import { SecurityLogPage } from '../securityLog/SecurityLogPage.tsx';
import { SecuritySettingsPage } from '../settings/SecuritySettingsPage.tsx';
import { SudoPage } from '../sudo/SudoPage.tsx';
import { HomeRedirect } from './HomeRedirect.tsx';
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
    // Shown while a lazy page (the support console) loads on a first visit straight to it.
    hydrateFallbackElement: <LoadingStatus />,
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        element: <RequireSignedOut />,
        children: [
          { path: 'sign-in', element: <SignInPage /> },
          { path: 'sign-up', element: <SignUpPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
        ],
      },
      // Reached from outside the app (an emailed link, the partner's redirect), signed in or not.
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'recovery/started', element: <RecoveryStartedPage /> },
      {
        element: <RequireSignedIn />,
        children: [
          { path: 'settings', element: <Navigate to="/settings/security" replace /> },
          { path: 'settings/security', element: <SecuritySettingsPage /> },
          { path: 'settings/security-log', element: <SecurityLogPage /> },
          { path: 'sudo', element: <SudoPage /> },
          // Staff-only: its code is loaded only when a staff member opens it.
          { path: 'support', lazy: async () => ({ Component: (await import('../support/SupportPage.tsx')).SupportPage }) },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
