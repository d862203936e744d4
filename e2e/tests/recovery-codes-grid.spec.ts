import { expect, test, type Locator } from '@playwright/test';
import { stackInfo } from '../stackInfo.ts';
import { confirmAccessWithPassword } from '../support/confirmAccessWithPassword.ts';
import { newUser } from '../support/newUser.ts';
import { signInWithRecoveryCode } from '../support/signInWithRecoveryCode.ts';
import { signOut } from '../support/signOut.ts';
import { signUpWithTwoFactor } from '../support/signUpWithTwoFactor.ts';

interface Cell {
  text: string;
  top: number;
  left: number;
  height: number;
  /** One line of the cell's text, from its computed line-height. */
  lineHeight: number;
  /** Content wider than the cell: it would spill into the next column. */
  overflows: boolean;
}

async function cellsOf(list: Locator): Promise<Cell[]> {
  return list.getByRole('listitem').evaluateAll((items) =>
    items.map((item) => {
      const box = item.getBoundingClientRect();
      return {
        text: item.textContent ?? '',
        top: Math.round(box.top),
        left: Math.round(box.left),
        height: box.height,
        lineHeight: parseFloat(item.ownerDocument.defaultView?.getComputedStyle(item).lineHeight ?? 'NaN'),
        overflows: item.scrollWidth > item.clientWidth,
      };
    }),
  );
}

function rowsOf(cells: readonly Cell[]): Cell[][] {
  const rows = new Map<number, Cell[]>();
  for (const cell of cells) rows.set(cell.top, [...(rows.get(cell.top) ?? []), cell]);
  return [...rows.values()];
}

test('a used recovery code is marked "(used)" and the grid keeps its rows at 1280 and 360 px', async ({ page }) => {
  const { accountUrl } = stackInfo();
  const user = newUser('e2e-grid');
  const { recoveryCodes } = await signUpWithTwoFactor(page, accountUrl, user);
  const used = recoveryCodes[5] ?? '';
  await signOut(page);
  await signInWithRecoveryCode(page, user, used);

  // A fresh sign-in is not in sudo mode: the codes are shown after "Confirm access".
  await page.getByRole('region', { name: 'Two-factor authentication' }).getByRole('button', { name: 'Show recovery codes' }).click();
  await confirmAccessWithPassword(page, user.password);
  const list = page.getByRole('list', { name: 'Recovery codes' });
  await expect(list.getByRole('listitem')).toHaveCount(16);
  await expect(list.getByRole('listitem').filter({ hasText: '(used)' })).toHaveText([`${used} (used)`]);

  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    const cells = await cellsOf(list);
    expect(cells.map((cell) => cell.text.replace(' (used)', ''))).toEqual(recoveryCodes);
    const rows = rowsOf(cells);
    const columns = rows[0]?.length ?? 0;
    // Every row is full, in the codes' order, and no cell stands between rows.
    expect(rows.map((row) => row.length), `cells per row at ${width} px`).toEqual(rows.map(() => columns));
    // Two columns where there is room (8 rows of 16 codes), one on a phone.
    expect(rows.length, `rows at ${width} px`).toBe(width === 1280 ? 8 : 16);
    for (const cell of cells) {
      // One line each, "(used)" included: a wrapped cell would be two lines tall.
      expect(cell.height, `height of "${cell.text}" at ${width} px`).toBeLessThan(cell.lineHeight * 1.5);
      expect(cell.overflows, `"${cell.text}" fits its cell at ${width} px`).toBe(false);
    }
    // Nothing spills out of the page sideways either.
    expect(await list.evaluate((element) => element.ownerDocument.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
});
