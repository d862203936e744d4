import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { newUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signOut } from '../support/signOut.ts';
import { signUp } from '../support/signUp.ts';
import { useVirtualSecurityKey } from '../support/useVirtualSecurityKey.ts';

test('a security key: register it, sign in with it, confirm access with it, remove it', async ({ page, context }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-key');

  await useVirtualSecurityKey(context, page);

  await signUp(page, accountUrl, user);
  await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);

  const keys = page.getByRole('region', { name: 'Security keys' });
  await expect(keys.getByText('No security keys registered.')).toBeVisible();
  await keys.getByRole('button', { name: 'Register new security key' }).click();
  await keys.getByLabel('Nickname').fill('Blue key');
  // Still in sudo mode from turning on 2FA, so the browser's prompt comes straight away.
  await keys.getByRole('button', { name: 'Add security key' }).click();

  const listed = keys.getByRole('list', { name: 'Security keys' }).getByRole('listitem');
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText('Blue key');
  await expect(listed).toContainText('Last used Never');

  await signOut(page);
  await enterPassword(page, user);
  // A registered key is offered first; the other ways wait under "Having problems?".
  await expect(page.getByText(`Signing in as @${user.username}`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Having problems?' }).getByRole('link', { name: 'Use your authenticator app' })).toBeVisible();
  await page.getByRole('button', { name: 'Use your security key' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();

  await expect(listed).toContainText('Blue key');
  await expect(listed).not.toContainText('Last used Never');

  // A new session is not in sudo mode: the key itself confirms access.
  await listed.getByRole('button', { name: 'Remove' }).click();
  await listed.getByRole('group', { name: 'Remove Blue key?' }).getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm access' })).toBeVisible();
  await page.getByRole('link', { name: 'Use your security key' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm access' })).toBeHidden();

  await expect(keys.getByText('No security keys registered.')).toBeVisible();
  await expect(keys.getByRole('status')).toHaveText('Removed Blue key.');
});
