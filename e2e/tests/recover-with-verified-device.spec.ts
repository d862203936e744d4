import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { expectNoAxeViolations } from '../support/expectNoAxeViolations.ts';
import { latestEmail } from '../support/latestEmail.ts';
import { newUser } from '../support/newUser.ts';
import { signInAsStaff } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signUpWithTwoFactor } from '../support/signUpWithTwoFactor.ts';
import { totpCode } from '../support/totpCode.ts';

test('a person with the password but no second factor recovers from a browser that passed 2FA before: email verified, device proof without a click, in the support console', async ({ page, request }) => {
  const stack = stackInfo();
  const { accountUrl } = stack;
  const user = newUser('e2e-device');
  const { setupKey } = await signUpWithTwoFactor(page, accountUrl, user);
  await signOut(page);
  // A sign-in with the second factor makes this browser a verified device of the account
  // (the next time step: the one that turned 2FA on is spent).
  await enterPassword(page, user);
  await page.getByLabel('Authentication code').fill(totpCode(setupKey, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await signOut(page);

  // Every factor lost; the password is still known.
  await enterPassword(page, user);
  await page.getByRole('region', { name: 'Having problems?' }).getByRole('link', { name: 'Start account recovery' }).click();
  await expect(page.getByRole('status')).toContainText('We emailed a one-time password');
  await expect(page.getByText(/This browser is a verified device/)).toBeVisible();
  await expectNoAxeViolations(page, '"Start account recovery": the one-time password');
  const mail = await latestEmail(request, accountUrl, user.email, 'Your account recovery one-time password');
  const code = /^(\d{6}) is the one-time password/.exec(mail.body)?.[1] ?? '';
  await page.getByLabel('One-time password').fill(code);
  await page.getByRole('button', { name: 'Verify email address' }).click();
  await expect(page.getByRole('heading', { name: 'Account recovery requested' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('this browser vouched for you as a verified device');
  await expectNoAxeViolations(page, 'account recovery requested');
  await latestEmail(request, accountUrl, user.email, 'Account recovery started');

  // Support sees it beside the partner-token requests, with its own checks and context.
  await signInAsStaff(page, stack);
  await page.getByRole('navigation').getByRole('link', { name: 'Support' }).click();
  const filed = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await expect(filed).toContainText('a verified device');
  await expect(filed).toContainText('Email verified');
  await expect(filed).toContainText(/known for 0 days/);
  const checks = filed.getByRole('list', { name: 'Checks' }).getByRole('listitem');
  await expect(checks).toHaveCount(3);
  await expect(filed.getByRole('list', { name: 'Checks' })).toContainText('From a verified device');
});
