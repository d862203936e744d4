import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { latestEmail } from '../support/latestEmail.ts';
import { addFallbackNumber } from '../support/addFallbackNumber.ts';
import { newUser } from '../support/newUser.ts';
import { recoverWithPartner } from '../support/recoverWithPartner.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signInAsStaff, staffPassword } from '../support/signInAsStaff.ts';
import { signOut } from '../support/signOut.ts';
import { signOutAtPartner } from '../support/signOutAtPartner.ts';
import { signUp } from '../support/signUp.ts';
import { storeRecoveryToken } from '../support/storeRecoveryToken.ts';
import { useVirtualPasskeyAuthenticator, withoutPasskeyAutofill } from '../support/useVirtualPasskeyAuthenticator.ts';
import { useVirtualSecurityKey } from '../support/useVirtualSecurityKey.ts';
import { capture, screenshotDir } from './capture.ts';

/*
 * The README's gallery, taken from the running stack. The selectors follow DESIGN.md's words.
 */

test.beforeAll(() => {
  mkdirSync(screenshotDir, { recursive: true });
});

test('sign-in, the 2FA step, settings with every method on, the recovery codes', async ({ page, context }) => {
  const { accountUrl, partnerUrl } = stackInfo();
  const user = newUser('mona');

  await page.goto(`${accountUrl}/sign-in`);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
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

  // A security key (Chromium's virtual authenticator); this new session confirms access first.
  await useVirtualSecurityKey(context, page);
  const keys = page.getByRole('region', { name: 'Security keys' });
  await keys.getByRole('button', { name: 'Register new security key' }).click();
  await keys.getByLabel('Nickname').fill('Blue key');
  await keys.getByRole('button', { name: 'Add security key' }).click();
  await confirmAccessWithPassword(page, user.password);
  await expect(keys.getByRole('list', { name: 'Security keys' }).getByRole('listitem')).toHaveCount(1);

  // A fallback SMS number.
  const fallback = page.getByRole('region', { name: 'Fallback SMS number' });
  await addFallbackNumber(page, accountUrl, fallback, { country: 'NL', typed: '06 12345678', e164: '+31612345678' });
  await expect(fallback.getByRole('button', { name: 'Change' })).toBeVisible();

  // A recovery token with the partner.
  await storeRecoveryToken(page, accountUrl, new URL(partnerUrl).origin, newUser('mona-partner'));
  await page.evaluate('window.scrollTo(0, 0)');
  await capture(page, 'settings', { fullPage: true });

  await page.getByRole('button', { name: 'Show recovery codes' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(16);
  await capture(page, 'recovery-codes', { show: page.getByRole('group', { name: 'Your recovery codes' }) });
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

  // Back at sign-in while support has not decided: the second step says what is waiting.
  await page.goto(`${accountUrl}/sign-in`);
  await enterPassword(page, user);
  await expect(page.getByRole('note', { name: 'Account recovery in progress' })).toContainText('waiting for support');
  await capture(page, 'recovery-at-sign-in');

  await signInAsStaff(page, stack);
  await page.goto(`${accountUrl}/support`);
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await request.getByRole('button', { name: 'Verify token' }).click();
  await expect(request.getByRole('status')).toHaveText(/^Verified again/);
  await capture(page, 'support-console', { show: request });
  await request.getByRole('button', { name: 'Approve' }).click();
  await request.getByRole('group', { name: `Approve the recovery of ${user.username}?` }).getByRole('button', { name: 'Approve' }).click();
  // Approving removes someone's 2FA: support confirms access first.
  await confirmAccessWithPassword(page, staffPassword(stack));
  await expect(request.getByRole('status')).toContainText('Approved.');
  await signOut(page);

  // The owner signs in with the password alone, after the recovery (the banner where this branch has one).
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
  await capture(page, 'recovery-banner');
});

test("authenticator setup, passkeys, the partner's token table, the emailed cancel link", async ({ page, context }) => {
  const { accountUrl, partnerUrl } = stackInfo();
  const user = newUser('lisa');
  const partnerUser = newUser('lisa-partner');
  await withoutPasskeyAutofill(page);
  await useVirtualPasskeyAuthenticator(context, page);

  await signUp(page, accountUrl, user);
  // At 360 px: the "Open in authenticator app" link, and the setup key wrapping.
  await enableTwoFactor(page, user, (atSetup) => capture(atSetup, 'authenticator-setup', { show: atSetup.getByRole('img', { name: 'QR code for your authenticator app' }) }));
  await saveRecoveryCodes(page);

  const passkeys = page.getByRole('region', { name: 'Passkeys' });
  await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
  await passkeys.getByLabel('Nickname').fill('Laptop');
  await passkeys.getByRole('button', { name: 'Add passkey' }).click();
  await expect(passkeys.getByRole('list', { name: 'Passkeys' }).getByRole('listitem')).toHaveCount(1);
  await capture(page, 'passkeys', { show: passkeys });

  await storeRecoveryToken(page, accountUrl, new URL(partnerUrl).origin, partnerUser);
  await page.goto(new URL('/recovery-tokens', partnerUrl).href);
  await expect(page.getByRole('table')).toBeVisible();
  await capture(page, 'partner-tokens');
  await signOutAtPartner(page, partnerUrl);
  await page.goto(`${accountUrl}/settings/security`);
  await signOut(page);

  await recoverWithPartner(page, user, partnerUser);
  const email = await latestEmail(page.request, accountUrl, user.email, 'Account recovery started');
  await page.goto(/https?:\/\/\S+\/recovery\/cancel\?token=[\w-]+/.exec(email.body)?.[0] ?? '');
  await expect(page.getByRole('button', { name: 'Cancel the recovery' })).toBeVisible();
  await capture(page, 'recovery-cancel');
  await page.getByRole('button', { name: 'Cancel the recovery' }).click();
  await expect(page.getByRole('status')).toContainText('The recovery is cancelled.');
  await capture(page, 'recovery-cancelled');
});
