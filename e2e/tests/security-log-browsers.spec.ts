import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { newUser } from '../support/newUser.ts';
import { signUp } from '../support/signUp.ts';

test('the security log names the browser as people read it, with the raw string in a detail', async ({ page }) => {
  const { accountUrl } = stackInfo();
  await signUp(page, accountUrl, newUser('e2e-ua'));
  const raw = await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent);
  await page.getByRole('link', { name: 'Security log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Security log' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'user.create' });
  // Debian's Chromium on this Linux machine.
  const summary = row.locator('summary');
  await expect(summary).toHaveText('Chrome on Linux');
  const detail = row.getByText(raw, { exact: true });
  await expect(detail).toBeHidden();
  await summary.click();
  await expect(detail).toBeVisible();
});
