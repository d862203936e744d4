import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { latestSms } from '../support/latestSms.ts';
import { newUser } from '../support/newUser.ts';
import { recoverWithPartner } from '../support/recoverWithPartner.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInAsStaff } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';
import { storeRecoveryToken } from '../support/storeRecoveryToken.ts';
import { capture, screenshotDir } from './capture.ts';

/*
 * The README's gallery, taken from the running stack. The selectors follow DESIGN.md's words,
 * with a little slack where a button's name is being refined ("Add" / "Add security key").
 */

test.beforeAll(() => {
  mkdirSync(screenshotDir, { recursive: true });
});

test('sign-in, the 2FA step, settings with every method on, the recovery codes', async ({ page, context }) => {
  const { accountUrl, partnerUrl } = stackInfo();
  const user = newUser('mona');

  await page.goto(`${accountUrl}/sign-in`);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await capture(page, 'sign-in');

  await signUp(page, accountUrl, user);
  const { recoveryCodes } = await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  await signOut(page);
  await enterPassword(page, user);
  await expect(page.getByLabel('Authentication code')).toBeVisible();
  await capture(page, 'two-factor-step');
  await page.getByRole('link', { name: 'Use a recovery code' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();

  // A security key (Chromium's virtual authenticator).
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  const keys = page.getByRole('region', { name: 'Security keys' });
  await keys.getByRole('button', { name: 'Register new security key' }).click();
  // "Confirm access" comes before or after the nickname, depending on the UI's version.
  const confirmAccess = page.getByRole('heading', { name: 'Confirm access' });
  const nickname = keys.getByLabel('Nickname');
  await expect(nickname.or(confirmAccess)).toBeVisible();
  if (await confirmAccess.isVisible()) await confirmAccessWithPassword(page, user.password);
  await nickname.fill('Blue key');
  await keys.getByRole('button', { name: /^Add( security key)?$/ }).click();
  const listedKey = keys.getByRole('list', { name: 'Security keys' }).getByRole('listitem');
  await expect(listedKey.or(confirmAccess)).toBeVisible();
  if (await confirmAccess.isVisible()) await confirmAccessWithPassword(page, user.password);
  await expect(listedKey).toHaveCount(1);

  // A fallback SMS number.
  const fallback = page.getByRole('region', { name: 'Fallback SMS number' });
  await fallback.getByRole('button', { name: /^Add/ }).first().click();
  await fallback.getByLabel('Country').selectOption('NL');
  await fallback.getByLabel('Phone number').fill('06 12345678');
  await fallback.getByRole('button', { name: 'Set fallback' }).click();
  const confirmation = await latestSms(page.request, accountUrl, '+31612345678');
  await fallback.getByLabel('Confirmation code').fill(confirmation.code);
  await fallback.getByRole('button', { name: 'Verify' }).click();
  await expect(fallback.getByRole('button', { name: 'Change' })).toBeVisible();

  // A recovery token with the partner.
  await storeRecoveryToken(page, accountUrl, new URL(partnerUrl).origin, newUser('mona-partner'));
  await page.evaluate('window.scrollTo(0, 0)');
  await capture(page, 'settings', { fullPage: true });

  await page.getByRole('button', { name: 'Show recovery codes' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(16);
  await page.getByRole('list', { name: 'Recovery codes' }).scrollIntoViewIfNeeded();
  await capture(page, 'recovery-codes');
});

test('the partner\'s "Save as", the support console with a report, the recovery banner', async ({ page }) => {
  const stack = stackInfo();
  const { accountUrl, partnerUrl } = stack;
  const user = newUser('hubot');
  const partnerUser = newUser('hubot-partner');

  await signUp(page, accountUrl, user);
  await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  await storeRecoveryToken(page, accountUrl, new URL(partnerUrl).origin, partnerUser, (atPartner) => capture(atPartner, 'partner-save-as'));
  await signOut(page);
  await recoverWithPartner(page, user, partnerUser);

  await signInAsStaff(page, stack);
  await page.goto(`${accountUrl}/support`);
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await request.getByRole('button', { name: 'Verify token' }).click();
  await expect(request.getByRole('status')).toHaveText(/^Verified again/);
  await request.getByRole('heading', { name: `Recovery for ${user.username}` }).scrollIntoViewIfNeeded();
  await capture(page, 'support-console');
  await request.getByRole('button', { name: 'Approve' }).click();
  await request.getByRole('group', { name: `Approve the recovery of ${user.username}?` }).getByRole('button', { name: 'Approve' }).click();
  await expect(request.getByRole('status')).toContainText('Approved.');
  await signOut(page);

  // The owner signs in with the password alone, after the recovery (the banner where this branch has one).
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await capture(page, 'recovery-banner');
});
