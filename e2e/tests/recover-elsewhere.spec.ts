import { expect, test, type Page } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { newUser, type NewUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInAsStaff, staffPassword } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';
import { recoverWithPartner } from '../support/recoverWithPartner.ts';
import { storeRecoveryToken } from '../support/storeRecoveryToken.ts';

/** Everything the security log must tell of the recovery. */
const story = [
  'account_recovery_token.confirm',
  'account_recovery_token.recover',
  'two_factor_account_recovery.start',
  'two_factor_account_recovery.staff_approve',
  'two_factor_account_recovery.two_factor_destroy',
  'two_factor_account_recovery.complete',
];

test('Recover Accounts Elsewhere: store a token with the partner, lose every factor, recover through the partner and support', async ({ page }) => {
  test.setTimeout(120_000);
  const stack = stackInfo();
  const { accountUrl, partnerUrl } = stack;
  const partnerOrigin = new URL(partnerUrl).origin;
  const user = newUser('e2e-rae');
  const partnerUser = newUser('e2e-partner');

  await signUp(page, accountUrl, user);
  await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  await storeRecoveryToken(page, accountUrl, partnerOrigin, partnerUser);
  await signOut(page);

  // The authenticator app is lost and none of the other factors is used.
  await recoverWithPartner(page, user, partnerUser);
  // The waiting period from the configuration: 0 hours in this stack.
  await expect(page.getByRole('main')).toContainText('two-factor authentication is removed from your account at once, with no waiting period');

  // Support verifies the countersigned token and approves (no waiting period in tests).
  await signInAsStaff(page, stack);
  await page.getByRole('navigation').getByRole('link', { name: 'Support' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Recovery requests' })).toBeVisible();
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await expect(request).toContainText(user.email);
  await expect(request).toContainText(partnerOrigin);
  // The context to judge it by: the account's age, its last sign-in from where, 2FA trouble, other requests.
  const context = request.locator('.request-context');
  await expect(context).toContainText('Account age');
  await expect(context).toContainText('Chrome on Linux');
  await expect(context).toContainText('Other recovery requestsNone');
  const checks = request.getByRole('list', { name: 'Checks' }).getByRole('listitem');
  await expect(checks.first()).toBeVisible();
  const checksBefore = await checks.count();
  // Each check by its plain label; its machine id only in a closed detail.
  await expect(checks.first().locator('details')).not.toHaveAttribute('open');
  await expect(checks.first().locator('details code')).toBeHidden();
  await request.getByRole('button', { name: 'Verify token' }).click();
  await expect(request.getByRole('status')).toHaveText(`Verified again: all ${checksBefore} checks passed.`);
  const checkCount = await checks.count();
  expect(checkCount).toBe(checksBefore);
  expect(checkCount).toBeGreaterThanOrEqual(13);
  // Times in the reader's locale, not as ISO strings.
  await expect(request.getByRole('list', { name: 'Checks' })).toContainText('Used to recover at');
  await expect(request.getByRole('list', { name: 'Checks' })).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}/);
  await expect(checks.filter({ hasText: 'Failed' })).toHaveCount(0);
  await expect(checks.filter({ hasText: '✓ Passed' })).toHaveCount(checkCount);

  await request.getByRole('button', { name: 'Approve' }).click();
  await request.getByRole('group', { name: `Approve the recovery of ${user.username}?` }).getByRole('button', { name: 'Approve' }).click();
  // Approving removes someone's 2FA: support confirms access first.
  await confirmAccessWithPassword(page, staffPassword(stack));
  await expect(request.getByRole('status')).toHaveText(`Approved. Two-factor authentication was removed from ${user.username}, who was emailed.`);
  const staff = stack.demoAccounts.find((account) => account.role === 'staff')!;
  await expect(request).toContainText(`by ${staff.username}`);
  await signOut(page);

  // The password alone now opens the account.
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Disabled', { exact: true })).toBeVisible();
  // What the recovery did, said at once, with the way back; settings say 2FA is off.
  const banner = page.getByRole('region', { name: 'Your account was recovered' });
  await expect(banner).toContainText('two-factor authentication was turned off and your security keys and fallback number were removed');
  await expect(page.getByRole('region', { name: 'Two-factor authentication' })).toContainText('Two-factor authentication is off.');
  // Recovery tokens back up 2FA: offered again once it is on.
  await expect(page.getByRole('region', { name: 'Recovery tokens' })).toHaveCount(0);
  // One way back, the section's own button: the banner points to it and has none of its own.
  await expect(banner.getByRole('button')).toHaveCount(0);
  await page.getByRole('region', { name: 'Two-factor authentication' }).getByRole('button', { name: 'Enable two-factor authentication' }).click();
  await confirmAccessWithPassword(page, user.password);
  await expect(page.getByLabel('Setup key')).toBeVisible();

  // The security log tells the whole story, in order.
  await page.getByRole('link', { name: 'Security log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Security log' })).toBeVisible();
  const names = page.locator('code.event-name');
  await expect(names.first()).toBeVisible();
  const actions = (await names.allTextContents()).reverse();
  for (const action of story) expect(actions, `security log has ${action}`).toContain(action);
  const at = (action: string) => actions.indexOf(action);
  expect(at('account_recovery_token.confirm')).toBeLessThan(at('account_recovery_token.recover'));
  expect(at('account_recovery_token.recover')).toBeLessThan(at('two_factor_account_recovery.staff_approve'));
  expect(at('two_factor_account_recovery.start')).toBeLessThan(at('two_factor_account_recovery.staff_approve'));
  await expect(page.getByRole('row').filter({ hasText: 'two_factor_account_recovery.staff_approve' })).toContainText('by support');

});

test('the real owner, still able to sign in, cancels a recovery someone started', async ({ page }) => {
  test.setTimeout(120_000);
  const stack = stackInfo();
  const { accountUrl, partnerUrl } = stack;
  const partnerOrigin = new URL(partnerUrl).origin;
  const user = newUser('e2e-rae-cancel');
  const partnerUser = newUser('e2e-partner');

  await signUp(page, accountUrl, user);
  const { recoveryCodes } = await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  await storeRecoveryToken(page, accountUrl, partnerOrigin, partnerUser);
  await signOut(page);
  await recoverWithPartner(page, user, partnerUser);

  // The owner signs in with a recovery code and sees the recovery waiting for support.
  await page.goto(`${accountUrl}/sign-in`);
  await enterPassword(page, user);
  await page.getByRole('link', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  const notice = page.getByRole('region', { name: 'Account recovery in progress' });
  await expect(notice).toContainText('waiting for support');
  await expect(notice).toContainText(partnerOrigin);
  await notice.getByRole('button', { name: 'Cancel recovery' }).click();
  await expect(notice).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'The account recovery was cancelled' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Enabled', { exact: true })).toBeVisible();

  await page.getByRole('link', { name: 'Security log' }).click();
  await expect(page.getByRole('cell', { name: 'two_factor_account_recovery.abort' })).toBeVisible();
  await signOut(page);

  // Support sees it cancelled, with nothing left to decide.
  await signInAsStaff(page, stack);
  await page.goto(`${accountUrl}/support?status=cancelled`);
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await expect(request.getByText('Cancelled', { exact: true })).toBeVisible();
  await expect(request.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(request.getByRole('button', { name: 'Decline' })).toHaveCount(0);

});
