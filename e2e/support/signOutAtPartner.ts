import { expect, type Page } from '@playwright/test';

/** At the partner's own site: its header's "Sign out", as a person ends a session there. */
export async function signOutAtPartner(page: Page, partnerUrl: string): Promise<void> {
  await page.goto(partnerUrl);
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
}
