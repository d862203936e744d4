import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';

test('a newcomer signs up, signs out and signs in again through the UI', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const username = `e2e-${Date.now().toString(36)}`;
  const password = 'a long enough e2e password';

  await page.goto(`${accountUrl}/sign-up`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('heading', { name: 'Password and authentication' })).toBeVisible();
  await expect(page.getByText(username).first()).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  await page.getByLabel('Username or email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Incorrect username or password');

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Password and authentication' })).toBeVisible();

  await page.getByRole('link', { name: 'Security log' }).click();
  await expect(page.getByRole('heading', { name: 'Security log' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'user.login' }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: 'user.logout' }).first()).toBeVisible();
});

test('the partner answers its health check and shows its own sign-in page', async ({ page }) => {
  const { partnerUrl } = stackInfo();
  const health = await page.request.get(`${partnerUrl}/healthz`);
  expect(await health.json()).toMatchObject({ status: 'ok', service: 'partner' });
  await page.goto(`${partnerUrl}/sign-in`);
  await expect(page.getByLabel('Username or email')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});
