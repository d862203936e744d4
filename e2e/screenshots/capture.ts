import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { atEachWidth } from '../support/atEachWidth.ts';

/** Where the README's gallery lives. */
export const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

/**
 * Lossless: the same pixels, recompressed (Chromium writes fast, large PNGs), so the gallery
 * weighs less in the repository. No palette, which would be lossy on gradients and anti-aliasing.
 */
async function compressedPng(png: Buffer): Promise<Buffer> {
  return sharp(png).png({ compressionLevel: 9, effort: 10, palette: false }).toBuffer();
}

/**
 * `<name>-1280.png` and `<name>-360.png` of the page as it is now, at each width in place,
 * losslessly compressed. `show` is scrolled to the top of each width's view, since a narrower page puts it further down.
 */
export async function capture(page: Page, name: string, options: { fullPage?: boolean; show?: Locator } = {}): Promise<void> {
  await atEachWidth(page, async (width) => {
    await options.show?.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    const png = await page.screenshot({ fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
    await writeFile(path.join(screenshotDir, `${name}-${width}.png`), await compressedPng(png));
  });
}
