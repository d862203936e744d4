import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { addFallbackNumber } from '../support/addFallbackNumber.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { latestSms } from '../support/latestSms.ts';
import { newUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';

const number = '+31612345678';

test('a fallback SMS number: add and confirm it, then sign in with a texted code', async ({ page }) => {
  // The service lets an account have one text a minute, whatever it is for, and the sign-in
  // text follows the confirmation text within seconds here: the journey waits out that minute.
  test.setTimeout(180_000);
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-sms');

  await signUp(page, accountUrl, user);
  await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);

  const fallback = page.getByRole('region', { name: 'Fallback SMS number' });
  await expect(fallback.getByText('No fallback number')).toBeVisible();
  await expect(fallback).toContainText('SIM swapping');
  await fallback.getByText('Supported countries').click();
  await expect(fallback.getByRole('listitem').filter({ hasText: 'Netherlands (+31)' })).toBeVisible();

  const confirmationId = await addFallbackNumber(page, accountUrl, fallback, { country: 'NL', typed: '06 12345678', e164: number });
  await expect(fallback.getByText('+••• ••• 5678', { exact: true })).toBeVisible();
  await expect(fallback.getByRole('button', { name: 'Change' })).toBeVisible();

  await signOut(page);
  await enterPassword(page, user);

  // Asked within the minute, the page says how long to wait; asking again later sends the code.
  const sendCode = page.getByRole('link', { name: 'Send a code to your fallback number' });
  await expect(async () => {
    await sendCode.click();
    await expect(page.getByText(/We sent a code to/)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 100_000, intervals: [5_000] });
  // The service masks every number the same way: "+••• ••• 5678".
  await expect(page.getByText(/^We sent a code to \+[• ]+5678\.$/)).toBeVisible();

  const signInSms = await latestSms(page.request, accountUrl, number, confirmationId);
  await page.getByLabel('Authentication code').fill(signInSms.code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
});
