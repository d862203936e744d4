import { expect, type Page } from '@playwright/test';
import { enterPassword } from './enterPassword.ts';
import type { NewUser } from './newUser.ts';
import { submitRecoveryCode } from './submitRecoveryCode.ts';

/** Signed out: the password, then a recovery code instead of the authenticator app; ends on the settings. */
export async function signInWithRecoveryCode(page: Page, user: NewUser, code: string): Promise<void> {
  await enterPassword(page, user);
  await submitRecoveryCode(page, code);
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
}
