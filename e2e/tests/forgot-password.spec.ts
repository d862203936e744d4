import { expect, test, type Page } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { latestEmail } from '../support/latestEmail.ts';
import { newUser } from '../support/newUser.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';

async function signInWith(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('forgot password: a link from the email sets a new password, which signs in; the link works once', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-reset');
  const newPassword = 'a different e2e password';

  await signUp(page, accountUrl, user);
  await signOut(page);

  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Username or email').fill(user.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'we sent a reset link' })).toBeVisible();

  const email = await latestEmail(page.request, accountUrl, user.email, 'Reset your password');
  const link = /(https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(email.body)?.[1];
  if (!link) throw new Error(`No reset link in: ${email.body}`);
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
