import type { ComponentType } from 'react';

/**
 * Every page but sign-in loads on demand, so the first page a visitor meets carries neither the
 * settings, the support console nor WebAuthn. One list, shared by the routes and by the test
 * setup, which loads them all before any test starts.
 */
export const lazyPages = {
  signUp: async () => (await import('../auth/SignUpPage.tsx')).SignUpPage,
  forgotPassword: async () => (await import('../auth/ForgotPasswordPage.tsx')).ForgotPasswordPage,
  resetPassword: async () => (await import('../auth/ResetPasswordPage.tsx')).ResetPasswordPage,
  recoveryStarted: async () => (await import('../accountRecovery/RecoveryStartedPage.tsx')).RecoveryStartedPage,
  securitySettings: async () => (await import('../settings/SecuritySettingsPage.tsx')).SecuritySettingsPage,
  securityLog: async () => (await import('../securityLog/SecurityLogPage.tsx')).SecurityLogPage,
  sudo: async () => (await import('../sudo/SudoPage.tsx')).SudoPage,
  support: async () => (await import('../support/SupportPage.tsx')).SupportPage,
} satisfies Record<string, () => Promise<ComponentType>>;

export type LazyPage = keyof typeof lazyPages;

/** A route's `lazy` for one of the pages above. */
export function lazyPage(page: LazyPage) {
  return async () => ({ Component: await lazyPages[page]() });
}
