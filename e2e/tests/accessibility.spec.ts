import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { expectNoAxeViolations } from '../support/expectNoAxeViolations.ts';
import { newUser } from '../support/newUser.ts';
import { recoverWithPartner } from '../support/recoverWithPartner.ts';
import { requestResetLink } from '../support/requestResetLink.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInAsStaff } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';
import { signUpWithPartnerToken } from '../support/signUpWithPartnerToken.ts';
import { submitRecoveryCode } from '../support/submitRecoveryCode.ts';

/*
 * Every page a person meets, as a new user would meet it, checked by axe-core against WCAG 2.x
 * A/AA at 1280 and at 360 px. Each check waits for the page's own heading or control first.
 */

test('signed out: sign-in, sign-up and resetting the password, here and at the partner', async ({ page }) => {
  const { accountUrl, partnerUrl } = stackInfo();

  await page.goto(`${accountUrl}/sign-in`);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expectNoAxeViolations(page, 'sign-in');

  await page.getByRole('link', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create account' })).toBeVisible();
  await expectNoAxeViolations(page, 'sign-up');

  const user = newUser('e2e-axe-reset');
  await signUp(page, accountUrl, user);
  await signOut(page);
  const link = await requestResetLink(page, accountUrl, user.email, (atRequest) => expectNoAxeViolations(atRequest, 'the password reset request'));
  await expectNoAxeViolations(page, 'the password reset request, sent');
  await page.goto(link);
  await expect(page.getByLabel('New password')).toBeVisible();
  await expectNoAxeViolations(page, 'choosing a new password');

  await page.goto(`${partnerUrl}/sign-in`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Partner' })).toBeVisible();
  await expectNoAxeViolations(page, "the partner's sign-in");
  await page.goto(`${partnerUrl}/sign-up`);
  await expect(page.getByRole('heading', { level: 1, name: 'Create your Partner account' })).toBeVisible();
  await expectNoAxeViolations(page, "the partner's sign-up");
});

test('a new user: settings, turning 2FA on, its codes, the 2FA step, "Confirm access", the security log', async ({ page }) => {
  test.setTimeout(180_000);
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-axe');

  await signUp(page, accountUrl, user);
  await expectNoAxeViolations(page, 'settings with 2FA off');
  const { recoveryCodes } = await enableTwoFactor(page, user, (atSetup) => expectNoAxeViolations(atSetup, 'the authenticator app setup'));
  await expectNoAxeViolations(page, 'the new recovery codes');
  await saveRecoveryCodes(page);
  await expectNoAxeViolations(page, 'settings with 2FA on');
  await signOut(page);

  await enterPassword(page, user);
  await expect(page.getByLabel('Authentication code')).toBeVisible();
  await expectNoAxeViolations(page, 'the 2FA step');
  await page.getByRole('link', { name: 'Use a recovery code' }).click();
  await expect(page.getByLabel('Recovery code')).toBeVisible();
  await expectNoAxeViolations(page, 'the 2FA step with a recovery code');
  await page.getByRole('link', { name: 'Use your authenticator app' }).click();
  await submitRecoveryCode(page, recoveryCodes[0] ?? '');
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();

  // A new session: showing the codes asks to confirm access first.
  await page.getByRole('button', { name: 'Show recovery codes' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm access' })).toBeVisible();
  await expectNoAxeViolations(page, '"Confirm access"');
  await confirmAccessWithPassword(page, user.password);
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(16);
  await expectNoAxeViolations(page, 'the recovery codes shown');

  await page.getByRole('navigation').getByRole('link', { name: 'Security log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Security log' })).toBeVisible();
  await expect(page.locator('code.event-name').first()).toBeVisible();
  await expectNoAxeViolations(page, 'the security log');
});

test('a user with 2FA: the partner\'s "Save as" and its own pages, recovering through it, the support console', async ({ page }) => {
  test.setTimeout(180_000);
  const stack = stackInfo();
  const { accountUrl, partnerUrl } = stack;
  const { user, partnerUser } = await signUpWithPartnerToken(page, stack, 'e2e-axe-rae', (atPartner) => expectNoAxeViolations(atPartner, 'the partner\'s "Save as"'));
  await expectNoAxeViolations(page, 'settings with a recovery token');

  // The partner's own pages, signed in there.
  await page.goto(partnerUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'Partner' })).toBeVisible();
  await expectNoAxeViolations(page, "the partner's home");
  await page.goto(`${partnerUrl}/recovery-tokens`);
  await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(1);
  await expectNoAxeViolations(page, "the partner's recovery tokens");

  await page.goto(`${accountUrl}/settings/security`);
  await signOut(page);
  await recoverWithPartner(page, user, partnerUser, expectNoAxeViolations);
  await expectNoAxeViolations(page, 'account recovery started');

  await signInAsStaff(page, stack);
  await page.getByRole('navigation').getByRole('link', { name: 'Support' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Recovery requests' })).toBeVisible();
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await expect(request.getByRole('list', { name: 'Checks' }).getByRole('listitem').first()).toBeVisible();
  await expectNoAxeViolations(page, 'the support console');
  await request.getByRole('button', { name: 'Verify token' }).click();
  await expect(request.getByRole('status')).toHaveText(/^Verified again/);
  await expectNoAxeViolations(page, 'the support console with a verification report');
});
