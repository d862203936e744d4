import { expect, type Page } from '@playwright/test';
import { enterPassword } from './enterPassword.ts';
import type { NewUser } from './newUser.ts';

/**
 * Signed out, with no second factor at hand: the password, "Recover with Partner", a fresh sign-in
 * there, the token. `atEachStep` is called on the explainer, the partner's sign-in and the partner's
 * choice of token, each before it is acted on (accessibility checks).
 */
export async function recoverWithPartner(page: Page, user: NewUser, partnerUser: NewUser, atEachStep?: (page: Page, step: string) => Promise<void>): Promise<void> {
  await enterPassword(page, user);
  await page.getByRole('link', { name: 'Recover with Partner' }).click();
  await expect(page.getByRole('group', { name: 'Recover with Partner' })).toContainText('support team reviews the request');
  await atEachStep?.(page, 'the "Recover with Partner" explainer');
  await page.getByRole('button', { name: 'Continue to Partner' }).click();

  // The partner asks for the password again although this browser is signed in there.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Partner' })).toBeVisible();
  await atEachStep?.(page, "the partner's sign-in, recovering");
  await page.getByLabel('Username or email').fill(partnerUser.username);
  await page.getByLabel('Password').fill(partnerUser.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Recover your account at/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use this token' })).toHaveCount(1);
  await atEachStep?.(page, "the partner's choice of token");
  await page.getByRole('button', { name: 'Use this token' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Account recovery started' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/recovery/started');
  await expect(page.getByRole('main')).toContainText('support team reviews the request');
  // A reference the person can quote to support.
  const reference = new URL(page.url()).searchParams.get('reference') ?? '';
  expect(reference).toMatch(/^[0-9A-Z]{26}$/);
  await expect(page.getByText(`Your reference: ${reference}. Quote it if you contact support.`)).toBeVisible();
}
