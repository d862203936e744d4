import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { newUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInWithRecoveryCode } from '../support/signInWithRecoveryCode.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';
import { submitRecoveryCode } from '../support/submitRecoveryCode.ts';

test('two-factor authentication with recovery codes: enable, download, sign in with codes, regenerate', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-2fa');

  await signUp(page, accountUrl, user);
  const { recoveryCodes } = await enableTwoFactor(page, user);
  const [firstCode, secondCode, thirdCode] = recoveryCodes;
  if (!firstCode || !secondCode || !thirdCode) throw new Error('Expected 16 recovery codes');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  // Named after the product (APP_NAME, "Keyhaven" by default), as GitHub's github-recovery-codes.txt.
  expect(download.suggestedFilename()).toBe('keyhaven-recovery-codes.txt');
  const lines = (await readFile(await download.path(), 'utf8')).trimEnd().split('\n');
  expect(lines.slice(0, 3)).toEqual(['Keyhaven recovery codes', `Site: Keyhaven (${accountUrl})`, `Account: @${user.username}`]);
  expect(lines[3]).toMatch(/^Generated: \d{4}-\d{2}-\d{2}$/);
  const codeLines = lines.slice(-16);
  for (const line of codeLines) expect(line).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
  expect(codeLines).toEqual(recoveryCodes);
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded keyhaven-recovery-codes.txt' })).toBeVisible();
  await expect(page).toHaveTitle('Password and authentication · Keyhaven');

  await saveRecoveryCodes(page);
  await expect(page.getByText('16 of 16 recovery codes left.')).toBeVisible();
  await signOut(page);

  // A recovery code instead of the authenticator app.
  await signInWithRecoveryCode(page, user, firstCode);
  await signOut(page);

  // The same code a second time is refused.
  await enterPassword(page, user);
  await submitRecoveryCode(page, firstCode);
  await expect(page.getByText('Invalid or already used recovery code')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeHidden();

  await page.getByLabel('Recovery code').fill(secondCode);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await expect(page.getByText('14 of 16 recovery codes left.')).toBeVisible();

  // A new set, through "Confirm access" (a fresh sign-in is not in sudo mode).
  await page.getByRole('button', { name: 'Generate new recovery codes' }).click();
  await expect(page.getByText(/current recovery codes stop working/)).toBeVisible();
  await page.getByRole('button', { name: 'Generate new recovery codes' }).click();
  await confirmAccessWithPassword(page, user.password);
  const newList = page.getByRole('list', { name: 'Recovery codes' });
  await expect(newList.getByRole('listitem')).toHaveCount(16);
  const newCodes = (await newList.getByRole('listitem').allTextContents()).map((text) => text.trim());
  expect(newCodes.some((code) => recoveryCodes.includes(code))).toBe(false);
  await saveRecoveryCodes(page);
  await expect(page.getByText('16 of 16 recovery codes left.')).toBeVisible();
  await signOut(page);

  // An unused code of the old set no longer works; one of the new set does.
  await enterPassword(page, user);
  await submitRecoveryCode(page, thirdCode);
  await expect(page.getByText('Invalid or already used recovery code')).toBeVisible();
  await page.getByLabel('Recovery code').fill(newCodes[0] ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
});
