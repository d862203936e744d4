import { expect, type Page } from '@playwright/test';
import type { NewUser } from './newUser.ts';

export async function signUp(page: Page, accountUrl: string, user: NewUser): Promise<void> {
  await page.goto(`${accountUrl}/sign-up`);
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
}
