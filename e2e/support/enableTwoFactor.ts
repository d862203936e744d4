import { expect, type Page } from '@playwright/test';
import { confirmAccessWithPassword } from './confirmAccessWithPassword.ts';
import type { NewUser } from './newUser.ts';
import { totpCode } from './totpCode.ts';

/**
 * From the settings page of an account without 2FA: through "Confirm access", the setup key
 * into a computed code, "Verify". Leaves the page on the new recovery codes and returns them.
 * `atSetup` is called on the QR code and setup key before the code is entered.
 */
export async function enableTwoFactor(page: Page, user: NewUser, atSetup?: (page: Page) => Promise<void>): Promise<{ setupKey: string; recoveryCodes: string[] }> {
  await page.getByRole('button', { name: 'Enable two-factor authentication' }).click();
  await confirmAccessWithPassword(page, user.password);
  return completeAuthenticatorSetup(page, atSetup);
}

/**
 * On the authenticator setup (after "Enable two-factor authentication"): the setup key into a
 * computed code, "Verify".
 * Leaves the page on the new recovery codes and returns them.
 */
export async function completeAuthenticatorSetup(page: Page, atSetup?: (page: Page) => Promise<void>): Promise<{ setupKey: string; recoveryCodes: string[] }> {
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const setupKey = (await page.getByLabel('Setup key').inputValue()).trim();
  expect(setupKey).toMatch(/^[A-Z2-7]+=*$/);
  await atSetup?.(page);

  await page.getByLabel('Authentication code').fill(totpCode(setupKey));
  await page.getByRole('button', { name: 'Verify' }).click();

  const list = page.getByRole('list', { name: 'Recovery codes' });
  await expect(list.getByRole('listitem')).toHaveCount(16);
  const recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((text) => text.trim());
  return { setupKey, recoveryCodes };
}
