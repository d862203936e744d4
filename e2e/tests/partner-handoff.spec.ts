import { expect, test } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { enableTwoFactor } from '../support/enableTwoFactor.ts';
import { newUser } from '../support/newUser.ts';
import { saveRecoveryCodes } from '../support/saveRecoveryCodes.ts';
import { signUp } from '../support/signUp.ts';
import { storeRecoveryToken } from '../support/storeRecoveryToken.ts';

test('a second token saved within minutes skips "Save as …", and the partner lists both with Delete on one line at 1280 px', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  const { accountUrl, partnerUrl } = stackInfo();
  const partnerOrigin = new URL(partnerUrl).origin;
  const user = newUser('e2e-handoff');
  const partnerUser = newUser('e2e-handoff-partner');

  await signUp(page, accountUrl, user);
  await enableTwoFactor(page, user);
  await saveRecoveryCodes(page);
  await storeRecoveryToken(page, accountUrl, partnerOrigin, partnerUser);

  // Every partner page the browser is shown from here on: none may be the confirmation.
  const partnerPages: string[] = [];
  page.on('response', (response) => {
    if (response.url().startsWith(partnerOrigin) && response.status() === 200 && (response.headers()['content-type'] ?? '').startsWith('text/html')) {
      partnerPages.push(new URL(response.url()).pathname);
    }
  });
  const tokens = page.getByRole('region', { name: 'Recovery tokens' });
  await tokens.getByRole('button', { name: 'Store new token' }).click();
  await tokens.getByRole('button', { name: `Connect with ${partnerOrigin}` }).click();
  await expect(tokens.getByRole('list', { name: 'Recovery tokens' }).getByRole('listitem')).toHaveCount(2);
  await expect(tokens.getByText('Your recovery token is stored with Partner.')).toBeVisible();
  expect(partnerPages).toEqual([]);

  // At the partner (still signed in there), both tokens, each "Delete" on a single line.
  await page.goto(`${partnerUrl}/recovery-tokens`);
  const deletes = page.getByRole('button', { name: 'Delete' });
  await expect(deletes).toHaveCount(2);
  for (const button of await deletes.all()) {
    const lines = await button.evaluate((element) => {
      const range = element.ownerDocument.createRange();
      range.selectNodeContents(element);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
    expect(lines).toBe(1);
  }
});
