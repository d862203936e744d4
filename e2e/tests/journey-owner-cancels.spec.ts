import { expect, test, type Page } from '@playwright/test';
import type { NewUser } from '../support/newUser.ts';
import { stackInfo } from '../stackInfo.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { expectNoAxeViolations } from '../support/expectNoAxeViolations.ts';
import { latestEmail } from '../support/latestEmail.ts';
import { newUser } from '../support/newUser.ts';
import { signOut } from '../support/signOut.ts';
import { signOutAtPartner } from '../support/signOutAtPartner.ts';
import { signUpWithTwoFactor } from '../support/signUpWithTwoFactor.ts';
import { storeRecoveryToken } from '../support/storeRecoveryToken.ts';
import { submitRecoveryCode } from '../support/submitRecoveryCode.ts';
import { journeyWidths } from '../support/widthsProject.ts';

/**
 * Someone else (with the partner password) starts a recovery; the owner, who still has a
 * recovery code, cancels it: once from the notice after signing in, once by following the
 * single-use cancel link in the "Account recovery started" email, signed out.
 */
for (const { name, viewport } of journeyWidths) {
  test.describe(`at ${name}`, () => {
    test.use({ viewport });

    test('the owner cancels a recovery someone else started, from the notice and from the email', async ({ page }) => {
      test.setTimeout(180_000);
      const { accountUrl, partnerUrl } = stackInfo();
      const axe = viewport.width === journeyWidths[0]!.viewport.width ? (state: string) => expectNoAxeViolations(page, state) : async () => {};
      const user = newUser('e2e-owner');
      const partnerUser = newUser('e2e-owner-partner');
      const { recoveryCodes } = await signUpWithTwoFactor(page, accountUrl, user);
      await storeRecoveryToken(page, accountUrl, new URL(partnerUrl).origin, partnerUser);
      // A second token: a token recovers once, and there will be two attempts.
      await signOutAtPartner(page, partnerUrl);
      await page.goto(`${accountUrl}/settings/security`);
      await storeRecoveryToken(page, accountUrl, new URL(partnerUrl).origin, partnerUser, undefined, 1);
      await signOut(page);

      // The intruder knows both passwords and starts a recovery.
      await recoverAgain(page, user, partnerUser);

      // 1. The owner signs in with a recovery code and sees it at once: state, reference, how to cancel.
      await page.goto(`${accountUrl}/sign-in`);
      await enterPassword(page, user);
      await submitRecoveryCode(page, recoveryCodes[0]!);
      const notice = page.getByRole('region', { name: 'Account recovery in progress' });
      await expect(notice).toContainText('waiting for support');
      await axe('the notice of a recovery in progress');
      await notice.getByRole('button', { name: 'Cancel recovery' }).click();
      await expect(notice).toBeHidden();
      await expect(page.getByRole('status').filter({ hasText: 'The account recovery was cancelled' })).toBeVisible();
      await axe('the settings after cancelling');
      await signOut(page);

      // 2. Again, and this time the owner stays signed out and follows the email's single-use cancel link.
      await page.goto(`${accountUrl}/sign-in`);
      await recoverAgain(page, user, partnerUser);
      // The spent token is offered last, marked; the other one was used this time.
      const email = await latestEmail(page.request, accountUrl, user.email, 'Account recovery started');
      const cancelLink = /https?:\/\/\S+\/recovery\/cancel\?token=[\w-]+/.exec(email.body)?.[0] ?? '';
      expect(cancelLink.startsWith(accountUrl)).toBe(true);
      await page.goto(cancelLink);
      await expect(page.getByRole('heading', { level: 1, name: 'Cancel account recovery' })).toBeVisible();
      // The site's own look: its header and stylesheet, not a bare page.
      await expect(page.getByRole('banner').getByRole('link', { name: 'Keyhaven' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Cancel the recovery' })).toHaveCSS('background-color', 'rgb(10, 85, 194)');
      await axe('the emailed cancel link');
      await page.getByRole('button', { name: 'Cancel the recovery' }).click();
      await expect(page.getByRole('status')).toHaveText('The recovery is cancelled. Two-factor authentication stays on. If you did not start it, change your password.');
      await axe('the recovery cancelled from the email');
      // Single use: the link now says so, and points to signing in.
      await page.goto(cancelLink);
      await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
      await axe('the spent cancel link');
      await latestEmail(page.request, accountUrl, user.email, 'Account recovery cancelled');

      // The email's other link, to settings: sent to sign in, then back there; nothing is waiting.
      const settingsLink = /https?:\/\/\S+\/settings\/security\S*/.exec(email.body)?.[0] ?? '';
      expect(settingsLink.startsWith(accountUrl)).toBe(true);
      await page.goto(settingsLink.replace(/[.,]$/, ''));
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      await enterPassword(page, user);
      await submitRecoveryCode(page, recoveryCodes[1]!);
      await expect(page).toHaveURL(`${accountUrl}/settings/security`);
      await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Enabled', { exact: true })).toBeVisible();
      await expect(notice).toHaveCount(0);
    });
  });
}

/** "Recover with Partner" from the password step, picking the first token offered (one not used yet comes first). */
async function recoverAgain(page: Page, user: NewUser, partnerUser: NewUser): Promise<void> {
  await enterPassword(page, user);
  await page.getByRole('link', { name: 'Recover with Partner' }).click();
  await page.getByRole('button', { name: 'Continue to Partner' }).click();
  await page.getByLabel('Username or email').fill(partnerUser.username);
  await page.getByLabel('Password').fill(partnerUser.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Recover your account at/ })).toBeVisible();
  const first = page.getByRole('listitem').first();
  await expect(first).toContainText('Not used yet');
  await first.getByRole('button', { name: 'Use this token' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Account recovery started' })).toBeVisible();
}
