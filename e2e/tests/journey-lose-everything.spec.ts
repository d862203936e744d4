import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { addFallbackNumber } from '../support/addFallbackNumber.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { completeAuthenticatorSetup, enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { expectConfirmedIn } from '../support/expectConfirmedIn.ts';
import { expectNoAxeViolations } from '../support/expectNoAxeViolations.ts';
import { newUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInAsStaff, staffPassword } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signOutAtPartner } from '../support/signOutAtPartner.ts';
import { signUp } from '../support/signUp.ts';
import { storeRecoveryToken } from '../support/storeRecoveryToken.ts';
import { useVirtualSecurityKey } from '../support/useVirtualSecurityKey.ts';
import { journeyWidths } from '../support/widthsProject.ts';

/**
 * A person's whole life with an account, in one browser session: set everything up, lose every
 * factor, recover through the partner and support, and set it all up again. Each page state goes
 * through axe (at both widths) on the first run.
 */
for (const { name, viewport } of journeyWidths) {
  test.describe(`at ${name}`, () => {
    test.use({ viewport });

    test('sign up, 2FA, codes, a key, a number, two tokens; lose everything; recover; 2FA and a token again', async ({ page, context }) => {
      test.setTimeout(240_000);
      const stack = stackInfo();
      const { accountUrl, partnerUrl } = stack;
      const partnerOrigin = new URL(partnerUrl).origin;
      const user = newUser('e2e-life');
      const partnerUser = newUser('e2e-life-partner');
      // axe looks at both widths each time, so once per journey is enough.
      const axe = viewport.width === journeyWidths[0]!.viewport.width ? (state: string) => expectNoAxeViolations(page, state) : async () => {};
      await useVirtualSecurityKey(context, page);

      await signUp(page, accountUrl, user);
      await enableTwoFactor(page, user);
      await axe('the new recovery codes');
      await saveRecoveryCodes(page);

      const keys = page.getByRole('region', { name: 'Security keys' });
      await keys.getByRole('button', { name: 'Register new security key' }).click();
      await keys.getByLabel('Nickname').fill('Blue key');
      await keys.getByRole('button', { name: 'Add security key' }).click();
      await expectConfirmedIn(keys, 'Added Blue key.');

      const fallback = page.getByRole('region', { name: 'Fallback SMS number' });
      await addFallbackNumber(page, accountUrl, fallback, { country: 'NL', typed: '06 11223344', e164: '+31611223344' });
      await expectConfirmedIn(fallback, 'Your fallback number is now 06 11223344 (Netherlands).');

      await storeRecoveryToken(page, accountUrl, partnerOrigin, partnerUser);
      // A second token, as someone who forgot they had stored one: signed in afresh at the partner.
      await signOutAtPartner(page, partnerUrl);
      await page.goto(`${accountUrl}/settings/security`);
      await storeRecoveryToken(page, accountUrl, partnerOrigin, partnerUser, undefined, 1);
      const tokens = page.getByRole('region', { name: 'Recovery tokens' }).getByRole('list', { name: 'Recovery tokens' }).getByRole('listitem');
      await expect(tokens).toHaveCount(2);
      await axe('the settings with every method');
      await signOut(page);

      // Everything is lost: the password, then "Recover with Partner".
      await enterPassword(page, user);
      await axe('the second step, with a security key offered first');
      await page.getByRole('link', { name: 'Recover with Partner' }).click();
      await page.getByRole('button', { name: 'Continue to Partner' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Partner' })).toBeVisible();
      await page.getByLabel('Username or email').fill(partnerUser.username);
      await page.getByLabel('Password').fill(partnerUser.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('heading', { level: 1, name: /^Recover your account at/ })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Use this token' })).toHaveCount(2);
      await expect(page.getByText('Not used yet')).toHaveCount(2);
      await axe("the partner's choice of token");
      await page.getByRole('button', { name: 'Use this token' }).first().click();
      await expect(page.getByRole('heading', { level: 1, name: 'Account recovery started' })).toBeVisible();
      const reference = new URL(page.url()).searchParams.get('reference') ?? '';
      expect(reference).toMatch(/^[0-9A-Z]{26}$/);
      await axe('the recovery started');

      // Support approves (the e2e stack's waiting period is 0: it takes effect at once).
      await signInAsStaff(page, stack);
      await page.goto(`${accountUrl}/support`);
      const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
      await axe('the support console with a pending request');
      await request.getByRole('button', { name: 'Approve' }).click();
      await request.getByRole('group', { name: `Approve the recovery of ${user.username}?` }).getByRole('button', { name: 'Approve' }).click();
      await confirmAccessWithPassword(page, staffPassword(stack));
      await expect(request.getByRole('status')).toHaveText(`Approved. Two-factor authentication was removed from ${user.username}, who was emailed.`);
      // Under "Pending", the decided request is no longer counted as pending (other journeys may have some).
      await expect(page.getByText(/pending recovery requests?\. 1 decided here since the list was loaded is still shown\.$/)).toBeVisible();
      await signOut(page);

      // The password alone opens the account; 2FA goes back on from the banner, with one setup.
      await page.getByLabel('Username or email').fill(user.username);
      await page.getByLabel('Password').fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      const banner = page.getByRole('region', { name: 'Your account was recovered' });
      await expect(banner).toBeVisible();
      await axe('the settings after a recovery');
      // Every answer to the setup: one refusal asking for "Confirm access", then one success; never a 409.
      const setups: number[] = [];
      page.on('response', (answer) => {
        if (answer.request().method() === 'POST' && new URL(answer.url()).pathname === '/api/two-factor/setup') setups.push(answer.status());
      });
      await expect(banner.getByRole('button')).toHaveCount(0);
      await page.getByRole('region', { name: 'Two-factor authentication' }).getByRole('button', { name: 'Enable two-factor authentication' }).click();
      await confirmAccessWithPassword(page, user.password);
      await completeAuthenticatorSetup(page);
      await saveRecoveryCodes(page);
      const twoFactor = page.getByRole('region', { name: 'Two-factor authentication' });
      await expectConfirmedIn(twoFactor, /^Two-factor authentication is on\. /);
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expect(banner).toBeHidden();
      expect(setups).toEqual([403, 200]);

      // A token again: the used one is still listed, marked used.
      await signOutAtPartner(page, partnerUrl);
      await page.goto(`${accountUrl}/settings/security`);
      const tokenSection = page.getByRole('region', { name: 'Recovery tokens' });
      await expect(tokenSection.getByRole('button', { name: 'Store new token' })).toBeVisible();
      const listed = tokenSection.getByRole('list', { name: 'Recovery tokens' }).getByRole('listitem');
      const before = await listed.count();
      await storeRecoveryToken(page, accountUrl, partnerOrigin, partnerUser, undefined, before);
      await expect(listed).toHaveCount(before + 1);
      await axe('the settings with 2FA on again and a new token');
    });
  });
}
