import type { Page } from '@playwright/test';

/** The widths the pages are checked and pictured at: a laptop and a small phone. */
export const widths = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
] as const;

/**
 * Runs `check` on the page as it is now at each of `widths`. The page is resized in place (the UI
 * is responsive), then put back, so the journey carries on where it was.
 */
export async function atEachWidth(page: Page, check: (width: number) => Promise<void>): Promise<void> {
  const before = page.viewportSize();
  for (const size of widths) {
    await page.setViewportSize(size);
    // Let layout settle on the new width (fonts and images are local, so this is quick).
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
    await check(size.width);
  }
  if (before) await page.setViewportSize(before);
}
