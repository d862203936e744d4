import { expect, type Page } from '@playwright/test';
import type { StackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from './confirmAccessWithPassword.ts';
import type { NewUser } from './newUser.ts';
import { signInAsStaff, staffPassword } from './signInAsStaff.ts';
import { signOut } from './signOut.ts';

/**
 * Support re-verifies the recovery request's countersigned token (every check passes) and
 * approves it; the user then signs in with the password alone.
 */
export async function supportApprovesRecovery(page: Page, info: StackInfo, user: NewUser, partnerOrigin: string): Promise<void> {
  await signInAsStaff(page, info);
  await page.getByRole('navigation').getByRole('link', { name: 'Support' }).click();
  const request = page.getByRole('article', { name: `Recovery for ${user.username}` });
  await expect(request).toContainText(partnerOrigin);
  await request.getByRole('button', { name: 'Verify token' }).click();
  await expect(request.getByRole('status')).toHaveText(/^Verified again: all \d+ checks passed\.$/);
  await request.getByRole('button', { name: 'Approve' }).click();
  await request.getByRole('group', { name: `Approve the recovery of ${user.username}?` }).getByRole('button', { name: 'Approve' }).click();
  // Approving removes someone's 2FA: support confirms access first.
  await confirmAccessWithPassword(page, staffPassword(info));
  await expect(request.getByRole('status')).toHaveText(`Approved. Two-factor authentication was removed from ${user.username}, who was emailed.`);
  await signOut(page);

  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Disabled', { exact: true })).toBeVisible();
}
