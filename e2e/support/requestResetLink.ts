import { expect, type Page } from '@playwright/test';
import { latestEmail } from './latestEmail.ts';

/** From the sign-in page: "Forgot password?", then the link from the email. `atRequest` is called on the empty request form. */
export async function requestResetLink(page: Page, accountUrl: string, email: string, atRequest?: (page: Page) => Promise<void>): Promise<string> {
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await atRequest?.(page);
  await page.getByLabel('Username or email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'we sent a reset link' })).toBeVisible();
  const mail = await latestEmail(page.request, accountUrl, email, 'Reset your password');
  const link = /(https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(mail.body)?.[1];
  if (!link) throw new Error(`No reset link in: ${mail.body}`);
  return link;
}
