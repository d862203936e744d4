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
 * link in the "Account recovery started" email.
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

      // 2. Again, and this time the owner follows the link in the email, signed out.
      await page.goto(`${accountUrl}/sign-in`);
      await recoverAgain(page, user, partnerUser);
      // The spent token is offered last, marked; the other one was used this time.
      const email = await latestEmail(page.request, accountUrl, user.email, 'Account recovery started');
      const link = /https?:\/\/\S+\/settings\/security\S*/.exec(email.body)?.[0] ?? '';
      expect(link.startsWith(accountUrl)).toBe(true);
      await page.goto(link.replace(/[.,]$/, ''));
      // Sent to sign in, then back to where the link pointed.
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      await enterPassword(page, user);
      await submitRecoveryCode(page, recoveryCodes[1]!);
      await expect(page).toHaveURL(`${accountUrl}/settings/security`);
      await notice.getByRole('button', { name: 'Cancel recovery' }).click();
      await expect(notice).toBeHidden();
      await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Enabled', { exact: true })).toBeVisible();
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
