import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { enterPassword } from '../support/enterPassword.ts';
import { newUser } from '../support/newUser.ts';
import { signOut } from '../support/signOut.ts';
import { signUpWithTwoFactor } from '../support/signUpWithTwoFactor.ts';
import { wrongTotpCode } from '../support/wrongTotpCode.ts';

const lastChance = 'One more wrong code and you will have to enter your password again';

test('the two-factor step announces the last allowed wrong code before it is used, then asks for the password again', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-wrong');
  const { setupKey } = await signUpWithTwoFactor(page, accountUrl, user);
  await signOut(page);
  await enterPassword(page, user);

  const code = page.getByLabel('Authentication code');
  const verify = page.getByRole('button', { name: 'Verify' });
  // The service allows five wrong codes per password step; the fourth answer warns of the fifth.
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    await code.fill(wrongTotpCode(setupKey));
    await verify.click();
    // A refused code empties the field in the same update that shows why: this attempt's answer is in.
    await expect(code).toHaveValue('');
    const announced = page.getByRole('alert');
    const expected = attempt < 4 ? 'Invalid authentication code' : `Invalid authentication code. ${lastChance}`;
    await expect(announced, `answer to wrong code ${attempt}`).toHaveText(expected);
    // The same words describe the field, where focus is for the next try.
    await expect(code).toHaveAccessibleDescription(new RegExp(`${expected.replace(/\./g, '\\.')}$`));
    await expect(code).toBeFocused();
  }

  await code.fill(wrongTotpCode(setupKey));
  await verify.click();
  // The fifth wrong code ends this sign-in attempt: back to the password step, which says why.
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeHidden();
  await expect(page.getByRole('alert')).toHaveText('Too many wrong codes; enter your password again');
  await expect(page.getByLabel('Password')).toHaveValue('');

  // A new password step starts a new count: one wrong code is no last chance.
  await enterPassword(page, user);
  await code.fill(wrongTotpCode(setupKey));
  await verify.click();
  await expect(code).toHaveValue('');
  await expect(page.getByRole('alert')).toHaveText('Invalid authentication code');
});
