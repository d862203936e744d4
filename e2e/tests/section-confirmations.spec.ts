import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { addFallbackNumber } from '../support/addFallbackNumber.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { expectConfirmedIn } from '../support/expectConfirmedIn.ts';
import { newUser } from '../support/newUser.ts';
import { recoverWithPartner } from '../support/recoverWithPartner.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInAsStaff } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';
import { signUpWithPartnerToken } from '../support/signUpWithPartnerToken.ts';
import { signUpWithTwoFactor } from '../support/signUpWithTwoFactor.ts';
import { storeRecoveryToken } from '../support/storeRecoveryToken.ts';
import { totpCode } from '../support/totpCode.ts';
import { useVirtualSecurityKey } from '../support/useVirtualSecurityKey.ts';

// Every action on the settings page and in the support console is confirmed beside what it
// changed (a polite live region inside that section), never in one shared place.

test('password and two-factor authentication: each action is confirmed in its own section', async ({ page }) => {
  test.setTimeout(120_000);
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-said');
  await signUp(page, accountUrl, user);
  const twoFactor = page.getByRole('region', { name: 'Two-factor authentication' });

  await enableTwoFactor(page, user);
  const newCodes = page.getByRole('region', { name: 'Save your recovery codes' });
  await Promise.all([page.waitForEvent('download'), newCodes.getByRole('button', { name: 'Download' }).click()]);
  await expectConfirmedIn(newCodes, 'Downloaded keyhaven-recovery-codes.txt');
  await saveRecoveryCodes(page);
  await expectConfirmedIn(twoFactor, /^Two-factor authentication is on\. /);

  // Still in sudo mode from turning 2FA on: nothing asks to confirm access again.
  await twoFactor.getByRole('button', { name: 'Show recovery codes' }).click();
  const shownCodes = twoFactor.getByRole('group', { name: 'Your recovery codes' });
  await Promise.all([page.waitForEvent('download'), shownCodes.getByRole('button', { name: 'Download' }).click()]);
  await expectConfirmedIn(shownCodes, 'Downloaded keyhaven-recovery-codes.txt');
  await shownCodes.getByRole('button', { name: 'Hide recovery codes' }).click();

  await twoFactor.getByRole('button', { name: 'Generate new recovery codes' }).click();
  await twoFactor.getByRole('group', { name: 'Generate new recovery codes?' }).getByRole('button', { name: 'Generate new recovery codes' }).click();
  await saveRecoveryCodes(page);
  await expectConfirmedIn(twoFactor, 'Your new recovery codes are ready to use. The previous ones no longer work.');

  await twoFactor.getByRole('button', { name: 'Edit' }).click();
  const newKey = (await twoFactor.getByLabel('Setup key').inputValue()).trim();
  await twoFactor.getByLabel('Authentication code').fill(totpCode(newKey));
  await twoFactor.getByRole('button', { name: 'Verify' }).click();
  await expectConfirmedIn(twoFactor, /^Your new authenticator app is set up/);

  await twoFactor.getByRole('button', { name: 'Disable two-factor authentication' }).click();
  await twoFactor.getByRole('group', { name: 'Disable two-factor authentication?' }).getByRole('button', { name: 'Disable two-factor authentication' }).click();
  await expectConfirmedIn(twoFactor, /^Two-factor authentication is off\. .*security keys and fallback number were removed/);
  await expect(twoFactor.getByText('Disabled Two-factor authentication is off.', { exact: true })).toBeVisible();
  await expect(twoFactor).not.toContainText('not enabled yet');

  // "Change password" is no labelled region (see PasswordSection): found by its heading.
  const password = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Change password' }) });
  await password.getByRole('button', { name: 'Change password' }).click();
  await password.getByLabel('Current password').fill(user.password);
  await password.getByLabel('New password').fill('another long e2e password');
  await password.getByRole('button', { name: 'Update password' }).click();
  await expectConfirmedIn(password, 'Your password was changed. Your other sessions were signed out.');
});

test('security keys, the fallback number and recovery tokens: each action is confirmed in its own section', async ({ page, context }) => {
  test.setTimeout(150_000);
  const { accountUrl, partnerUrl } = stackInfo();
  const user = newUser('e2e-said-methods');
  await useVirtualSecurityKey(context, page);
  await signUpWithTwoFactor(page, accountUrl, user);

  const keys = page.getByRole('region', { name: 'Security keys' });
  await keys.getByRole('button', { name: 'Register new security key' }).click();
  await keys.getByLabel('Nickname').fill('Blue key');
  await keys.getByRole('button', { name: 'Add security key' }).click();
  await expectConfirmedIn(keys, 'Added Blue key.');
  const key = keys.getByRole('list', { name: 'Security keys' }).getByRole('listitem');
  await key.getByRole('button', { name: 'Rename' }).click();
  await key.getByLabel('Nickname').fill('Green key');
  await key.getByRole('button', { name: 'Save' }).click();
  await expectConfirmedIn(keys, 'Renamed to Green key.');
  await key.getByRole('button', { name: 'Remove' }).click();
  await key.getByRole('group', { name: 'Remove Green key?' }).getByRole('button', { name: 'Remove' }).click();
  await expectConfirmedIn(keys, 'Removed Green key.');

  const fallback = page.getByRole('region', { name: 'Fallback SMS number' });
  await addFallbackNumber(page, accountUrl, fallback, { country: 'NL', typed: '06 87654321', e164: '+31687654321' });
  // Shown back as it was typed, this once.
  await expectConfirmedIn(fallback, 'Your fallback number is now 06 87654321 (Netherlands).');
  await fallback.getByRole('button', { name: 'Remove' }).click();
  await fallback.getByRole('group', { name: 'Remove your fallback number?' }).getByRole('button', { name: 'Remove' }).click();
  await expectConfirmedIn(fallback, 'Your fallback number was removed.');

  const tokens = page.getByRole('region', { name: 'Recovery tokens' });
  await storeRecoveryToken(page, accountUrl, new URL(partnerUrl).origin, newUser('e2e-said-partner'));
  await expectConfirmedIn(tokens, 'Your recovery token is stored with Partner.');
  await tokens.getByRole('listitem').getByRole('button', { name: 'Delete' }).click();
  await tokens.getByRole('group', { name: 'Delete this recovery token?' }).getByRole('button', { name: 'Delete' }).click();
  await expectConfirmedIn(tokens, /^Recovery token deleted here\. It can no longer recover your account/);
});

test('the support console: a decision is confirmed in the request it decides, a pasted token in its own form', async ({ page }) => {
  test.setTimeout(150_000);
  const stack = stackInfo();
  const { accountUrl, partnerUrl } = stack;
  const { user, partnerUser } = await signUpWithPartnerToken(page, stack, 'e2e-said-support');
  await signOut(page);
  await recoverWithPartner(page, user, partnerUser);

  await signInAsStaff(page, stack);
  await page.getByRole('navigation').getByRole('link', { name: 'Support' }).click();
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await request.getByRole('button', { name: 'Decline' }).click();
  await request.getByLabel('Reason').fill('The partner account does not match our records.');
  await request.getByRole('button', { name: 'Decline' }).click();
  await expectConfirmedIn(request, `Declined. ${user.username} was emailed your reason; two-factor authentication stays on.`);

  const verify = page.getByRole('region', { name: 'Verify a token' });
  await verify.getByLabel('Token').fill('not a recovery token');
  await verify.getByRole('button', { name: 'Verify token' }).click();
  await expectConfirmedIn(verify, 'The pasted token did not verify.');
});
