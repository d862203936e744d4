import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { atEachWidth } from '../support/atEachWidth.ts';

/** Where the README's gallery lives. */
export const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

/**
 * `<name>-1280.png` and `<name>-360.png` of the page as it is now, at each width in place.
 * `show` is scrolled to the top of each width's view, since a narrower page puts it further down.
 */
export async function capture(page: Page, name: string, options: { fullPage?: boolean; show?: Locator } = {}): Promise<void> {
  await atEachWidth(page, async (width) => {
    await options.show?.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${width}.png`), fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  });
}
