import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { newUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signUp } from '../support/signUp.ts';
import { totpCode } from '../support/totpCode.ts';

test('sign-in and sign-up are a centred card at 1280 and 360 px, named after the product', async ({ page }) => {
  const { accountUrl } = stackInfo();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    for (const [path, button] of [
      ['/sign-in', 'Sign in'],
      ['/sign-up', 'Create account'],
    ] as const) {
      await page.goto(`${accountUrl}${path}`);
      await expect(page.getByRole('button', { name: button, exact: true })).toBeVisible();
      const form = page.getByRole('main').locator('form');
      const box = await form.boundingBox();
      const main = await page.getByRole('main').boundingBox();
      if (box === null || main === null) throw new Error(`no form on ${path}`);
      // Centred in the page, not a left column with the rest of the screen empty.
      expect(Math.abs(box.x + box.width / 2 - (main.x + main.width / 2)), `${path} at ${width} px`).toBeLessThanOrEqual(2);
      expect(Math.abs(main.x + main.width / 2 - width / 2)).toBeLessThanOrEqual(16);
      expect(box.width).toBeLessThanOrEqual(Math.min(width, 400));
      await expect(page.getByRole('link', { name: 'Account', exact: true })).toBeVisible();
    }
  }
  await expect(page).toHaveTitle('Create account · Account');
});

test('"Change password": "Confirm access" first, then the current and new password; other sessions end', async ({ page, browser }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-pw');
  await signUp(page, accountUrl, user);

  // The same account signed in elsewhere.
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await other.goto(`${accountUrl}/sign-in`);
  await other.getByLabel('Username or email').fill(user.username);
  await other.getByLabel('Password').fill(user.password);
  await other.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();

  await page.reload();
  await page.getByRole('button', { name: 'Change password' }).click();
  await confirmAccessWithPassword(page, user.password);
  await page.getByLabel('Current password').fill(user.password);
  await page.getByLabel('New password').fill('a brand new e2e password');
  await page.getByRole('button', { name: 'Update password' }).click();
  await expect(page.getByText('Your password was changed. Your other sessions were signed out.')).toBeVisible();

  await other.reload();
  await expect(other.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await other.getByLabel('Username or email').fill(user.username);
  await other.getByLabel('Password').fill('a brand new e2e password');
  await other.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(other.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await elsewhere.close();

  await page.getByRole('link', { name: 'Security log' }).click();
  await expect(page.locator('code.event-name').filter({ hasText: 'user.change_password' })).toHaveCount(1);
});

test('"Edit" replaces the authenticator app and keeps the recovery codes', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-edit');
  await signUp(page, accountUrl, user);
  const { setupKey } = await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  await expect(page.getByText('16 of 16 recovery codes left.')).toBeVisible();

  const section = page.getByRole('region', { name: 'Two-factor authentication' });
  await section.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('heading', { name: 'Replace your authenticator app' })).toBeVisible();
  const newKey = (await page.getByLabel('Setup key').inputValue()).trim();
  expect(newKey).not.toBe(setupKey);
  await page.getByLabel('Authentication code').fill(totpCode(newKey));
  await page.getByRole('button', { name: 'Verify' }).click();

  await expect(section.getByRole('status')).toContainText('Your new authenticator app is set up');
  await expect(page.getByText('16 of 16 recovery codes left.')).toBeVisible();
  await expect(section.getByText('Enabled', { exact: true })).toBeVisible();
});
