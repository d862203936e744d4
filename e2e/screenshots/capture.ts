import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';

/** Where the README's gallery lives. */
export const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

/** The widths every picture is taken at: a laptop and a small phone. */
const widths = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
] as const;

/**
 * `<name>-1280.png` and `<name>-360.png` of the page as it is now. The page is resized in place
 * (the UI is responsive), then put back, so the journey carries on where it was. `show` is
 * scrolled to the top of each width's view, since a narrower page puts it further down.
 */
export async function capture(page: Page, name: string, options: { fullPage?: boolean; show?: Locator } = {}): Promise<void> {
  const before = page.viewportSize();
  for (const size of widths) {
    await page.setViewportSize(size);
    // Let layout settle on the new width (fonts and images are local, so this is quick).
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await options.show?.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(screenshotDir, `${name}-${size.width}.png`), fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  }
  if (before) await page.setViewportSize(before);
}
