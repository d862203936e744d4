import type { Page } from '@playwright/test';
import { enableTwoFactor } from './enableTwoFactor.ts';
import type { NewUser } from './newUser.ts';
import { saveRecoveryCodes } from './saveRecoveryCodes.ts';
import { signUp } from './signUp.ts';

/**
 * A new account with two-factor authentication on, its codes saved: the settings page, still in
 * sudo mode. Returns the setup key and the recovery codes.
 */
export async function signUpWithTwoFactor(page: Page, accountUrl: string, user: NewUser): Promise<{ setupKey: string; recoveryCodes: string[] }> {
  await signUp(page, accountUrl, user);
  const enabled = await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  return enabled;
}
