import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';

test('a crafted ?recovery_error= cannot put its words on the sign-in page; a code shows our own message', async ({ page }) => {
  const { accountUrl } = stackInfo();
  await page.goto(`${accountUrl}/sign-in?recovery_error=${encodeURIComponent('Your account is locked, call +1 555 0100')}`);
  await expect(page.getByRole('alert')).toHaveText('Account recovery did not start: Something went wrong; try again.');
  await expect(page.getByText('555')).toHaveCount(0);

  await page.goto(`${accountUrl}/sign-in?recovery_error=denied`);
  await expect(page.getByRole('alert')).toHaveText('Account recovery did not start: You did not allow it at the partner.');
});
