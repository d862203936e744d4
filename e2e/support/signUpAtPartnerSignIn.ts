import { expect, type Page } from '@playwright/test';
import type { NewUser } from './newUser.ts';

/** On the partner's "Sign in to Partner" page (where a save-token sent the browser): a new partner account. */
export async function signUpAtPartnerSignIn(page: Page, partnerUser: NewUser): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Partner' })).toBeVisible();
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Username', { exact: true }).fill(partnerUser.username);
  await page.getByLabel('Email').fill(partnerUser.email);
  await page.getByLabel('Password').fill(partnerUser.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`with your Partner account, ${partnerUser.username}`)).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/delegated-recovery/save-token/confirm');
}
