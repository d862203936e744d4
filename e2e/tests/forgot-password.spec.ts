import { expect, test, type Page } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { newUser } from '../support/newUser.ts';
import { requestResetLink } from '../support/requestResetLink.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';

async function signInWith(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('forgot password: a link from the email sets a new password, which signs in; the link works once', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-reset');
  const newPassword = 'a different e2e password';

  await signUp(page, accountUrl, user);
  await signOut(page);

  const link = await requestResetLink(page, accountUrl, user.email);
  expect(new URL(link).origin).toBe(new URL(accountUrl).origin);

  await page.goto(link);
  await page.getByLabel('New password').fill(newPassword);
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Your password was reset' })).toBeVisible();

  // The old password no longer opens the account; the new one does.
  await signInWith(page, user.username, user.password);
  await expect(page.getByRole('alert')).toContainText('Incorrect username or password');
  await signInWith(page, user.username, newPassword);
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await signOut(page);

  // A spent link says so as soon as it is opened, before any password is typed, and offers a new one.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('expired or was already used');
  await expect(page.getByLabel('New password')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ask for a new reset link' })).toBeVisible();
});

test('forgot password: a refused new password leaves the link usable', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-refused');
  await signUp(page, accountUrl, user);
  await signOut(page);
  const link = await requestResetLink(page, accountUrl, user.email);

  await page.goto(link);
  await page.getByLabel('New password').fill(user.username);
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByText('Password cannot be your username')).toBeVisible();
  await page.getByLabel('New password').fill('an acceptable e2e password');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your password was reset' })).toBeVisible();
  await signInWith(page, user.username, 'an acceptable e2e password');
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
});
