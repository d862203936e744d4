import type { Page } from '@playwright/test';
import type { StackInfo } from '../stackInfo.ts';
import { newUser } from './newUser.ts';
import type { NewUser } from './newUser.ts';
import { signUpWithTwoFactor } from './signUpWithTwoFactor.ts';
import { storeRecoveryToken } from './storeRecoveryToken.ts';

/**
 * A new account with 2FA on and a recovery token stored with the partner under a new account
 * there: the settings page, still in sudo mode. `name` starts both usernames.
 */
export async function signUpWithPartnerToken(
  page: Page,
  stack: StackInfo,
  name: string,
  atSaveAs?: (page: Page) => Promise<void>,
): Promise<{ user: NewUser; partnerUser: NewUser }> {
  const user = newUser(name);
  const partnerUser = newUser(`${name}-partner`);
  await signUpWithTwoFactor(page, stack.accountUrl, user);
  await storeRecoveryToken(page, stack.accountUrl, new URL(stack.partnerUrl).origin, partnerUser, atSaveAs);
  return { user, partnerUser };
}
