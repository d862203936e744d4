import { expect, type Page } from '@playwright/test';
import type { NewUser } from './newUser.ts';

/** The password step of signing in; with 2FA on, this leaves the page on the two-factor prompt. */
export async function enterPassword(page: Page, user: NewUser): Promise<void> {
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
}
