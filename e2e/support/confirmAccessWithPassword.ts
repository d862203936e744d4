import { expect, type Page } from '@playwright/test';

export async function confirmAccessWithPassword(page: Page, password: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Confirm access' })).toBeVisible();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm access' })).toBeHidden();
}
