import { expect, type Page } from '@playwright/test';

export async function saveRecoveryCodes(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Enabled', { exact: true })).toBeVisible();
}
