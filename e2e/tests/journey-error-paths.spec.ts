import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { expectNoAxeViolations } from '../support/expectNoAxeViolations.ts';
import { newUser } from '../support/newUser.ts';
import { recoverWithPartner } from '../support/recoverWithPartner.ts';
import { signInAsStaff } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signUpWithPartnerToken } from '../support/signUpWithPartnerToken.ts';
import { signUpWithTwoFactor } from '../support/signUpWithTwoFactor.ts';
import { journeyWidths } from '../support/widthsProject.ts';

/** The error paths a person met (issue 24), each where it happens, at both widths. */
for (const { name, viewport } of journeyWidths) {
  test.describe(`at ${name}`, () => {
    test.use({ viewport });
    const axeOnce = viewport.width === journeyWidths[0]!.viewport.width;

    test('a spent token at the partner: marked there, and back home the reason and the second step, not the password', async ({ page }) => {
      test.setTimeout(120_000);
      const stack = stackInfo();
      const { user, partnerUser } = await signUpWithPartnerToken(page, stack, 'e2e-spent');
      await signOut(page);
      await recoverWithPartner(page, user, partnerUser);

      // The same token again.
      await page.goto(`${stack.accountUrl}/sign-in`);
      await enterPassword(page, user);
      await page.getByRole('link', { name: 'Recover with Partner' }).click();
      await page.getByRole('button', { name: 'Continue to Partner' }).click();
      await page.getByLabel('Username or email').fill(partnerUser.username);
      await page.getByLabel('Password').fill(partnerUser.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const offered = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Use this token' }) });
      await expect(offered).toHaveCount(1);
      await expect(offered).toContainText('Already used');
      if (axeOnce) await expectNoAxeViolations(page, 'the partner offering a used token');
      await offered.getByRole('button', { name: 'Use this token' }).click();

      await expect(page.getByRole('alert')).toHaveText(/^Account recovery did not start: That recovery token was already used/);
      // The password step still holds: straight to the second step.
      await expect(page.getByLabel('Authentication code')).toBeVisible();
      await expect(page.getByLabel('Password')).toHaveCount(0);
      if (axeOnce) await expectNoAxeViolations(page, 'the second step after a spent token');
    });

    test('"Sign out" on the partner\'s "Save as" page keeps the save: another partner account saves it', async ({ page }) => {
      test.setTimeout(120_000);
      const { accountUrl, partnerUrl } = stackInfo();
      const partnerOrigin = new URL(partnerUrl).origin;
      const first = newUser('e2e-saveas-first');
      const second = newUser('e2e-saveas-second');
      await signUpWithTwoFactor(page, accountUrl, newUser('e2e-saveas'));
      const tokens = page.getByRole('region', { name: 'Recovery tokens' });
      await tokens.getByRole('button', { name: 'Store new token' }).click();
      await tokens.getByRole('button', { name: `Connect with ${partnerOrigin}` }).click();
      await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).click();
      await page.getByLabel('Username', { exact: true }).fill(first.username);
      await page.getByLabel('Email').fill(first.email);
      await page.getByLabel('Password').fill(first.password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await expect(page.getByRole('button', { name: `Save as ${first.username}` })).toBeVisible();

      // Wrong partner account: sign out there, and the flow goes on through the sign-in page.
      await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Partner' })).toBeVisible();
      await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).click();
      await page.getByLabel('Username', { exact: true }).fill(second.username);
      await page.getByLabel('Email').fill(second.email);
      await page.getByLabel('Password').fill(second.password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('button', { name: `Save as ${second.username}` }).click();
      await expect(page).toHaveURL(`${accountUrl}/settings/security#recovery-tokens`);
      await expect(tokens.getByRole('status')).toHaveText('Your recovery token is stored with Partner.');

      // Deleting it says one thing: "deleted", no longer "stored".
      await tokens.getByRole('button', { name: 'Delete' }).click();
      await tokens.getByRole('group', { name: 'Delete this recovery token?' }).getByRole('button', { name: 'Delete' }).click();
      await expect(tokens.getByRole('status')).toHaveText(/^Recovery token deleted here\./);
      await expect(tokens.getByText(/is stored with/)).toHaveCount(0);
      if (axeOnce) await expectNoAxeViolations(page, 'the recovery tokens after a delete');
    });

    test('opening /support signed out, then signing in, returns to /support', async ({ page }) => {
      const stack = stackInfo();
      await page.goto(`${stack.accountUrl}/support`);
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      // signInAsStaff starts from /sign-in itself; the way back is in this page's address.
      const address = page.url();
      expect(new URL(address).searchParams.get('return_to')).toBe('/support');
      await signInAsStaff(page, stack, address);
      await expect(page.getByRole('heading', { level: 1, name: 'Recovery requests' })).toBeVisible();
    });
  });
}
