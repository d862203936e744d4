import { expect, type Page } from '@playwright/test';
import type { NewUser } from './newUser.ts';

/**
 * From the settings of an account with 2FA, still in sudo mode: "Store new token", the explainer,
 * "Connect with <partner origin>" beside the partner's published name and icon, a new account at
 * the partner (through the header's "Sign up", which keeps the flow), "Save as <name there>", and back.
 */
export async function storeRecoveryToken(
  page: Page,
  accountUrl: string,
  partnerOrigin: string,
  partnerUser: NewUser,
  /** Called on the partner's "Save as …" page before it is pressed (screenshots). */
  atSaveAs?: (page: Page) => Promise<void>,
  /** How many tokens are listed before this one (a second token goes beside the first). */
  storedBefore = 0,
): Promise<void> {
  const tokens = page.getByRole('region', { name: 'Recovery tokens' });
  if (storedBefore === 0) await expect(tokens.getByText('No recovery tokens stored.')).toBeVisible();
  await tokens.getByRole('button', { name: 'Store new token' }).click();
  const explainer = tokens.getByRole('group', { name: 'Store a recovery token with Partner' });
  await expect(explainer).toContainText('only this service can read');
  await expect(explainer).toContainText('never learns your username or your email address');
  const connect = explainer.getByRole('button', { name: `Connect with ${partnerOrigin}` });
  const identity = explainer.locator('.partner-identity');
  await expect(identity).toHaveText('Partner');
  const icon = identity.locator('img');
  await expect(icon).toHaveAttribute('src', `${partnerOrigin}/icon-152.png`);
  // The icon really loads under the account service's CSP.
  await expect.poll(() => icon.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth)).toBe(152);
  await connect.click();

  // At the partner: its own pages. The header's "Sign up" keeps the flow's return_to.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Partner' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(partnerOrigin);
  const header = page.getByRole('banner');
  const returnTo = new URL(page.url()).searchParams.get('return_to');
  expect(returnTo).toMatch(/^\/interaction\//);
  await expect(header.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', `/sign-in?${new URLSearchParams({ return_to: returnTo! })}`);
  if (storedBefore === 0) {
    await header.getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Username', { exact: true }).fill(partnerUser.username);
    await page.getByLabel('Email').fill(partnerUser.email);
    await page.getByLabel('Password').fill(partnerUser.password);
    await page.getByRole('button', { name: 'Create account' }).click();
  } else {
    await page.getByLabel('Username or email').fill(partnerUser.username);
    await page.getByLabel('Password').fill(partnerUser.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  // The account site by its published name, its origin beside it; the button by the user's name there.
  await expect(page.getByRole('heading', { level: 1, name: 'Save a recovery token for Keyhaven' })).toBeVisible();
  await expect(page.getByText(`Keyhaven (${accountUrl}) wants to keep an account recovery token with your Partner account, ${partnerUser.username}`)).toBeVisible();
  if (atSaveAs) await atSaveAs(page);
  await page.getByRole('button', { name: `Save as ${partnerUser.username}` }).click();

  // Back in the settings, at the section, with the token listed.
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await expect(page).toHaveURL(`${accountUrl}/settings/security#recovery-tokens`);
  await expect(tokens.getByText('Your recovery token is stored with Partner.')).toBeVisible();
  const listed = tokens.getByRole('list', { name: 'Recovery tokens' }).getByRole('listitem');
  await expect(listed).toHaveCount(storedBefore + 1);
  await expect(listed.first()).toContainText(`Stored with Partner (${partnerOrigin})`);
  await expect(listed.first()).toContainText('Ready');
}
