import type { Page } from '@playwright/test';

/** On the two-factor prompt: "Use a recovery code", the code, "Verify". */
export async function submitRecoveryCode(page: Page, code: string): Promise<void> {
  await page.getByRole('link', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}
