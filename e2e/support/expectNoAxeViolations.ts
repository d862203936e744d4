import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { atEachWidth } from './atEachWidth.ts';

/** The WCAG 2.0 and 2.1 success criteria at levels A and AA. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core on the page as it is now, at 1280 and at 360 px: no violation of WCAG 2.x A/AA. A
 * failure lists each violation's rule id, its help text and the selectors of the elements it found;
 * it is soft, so one run reports every page of a journey.
 */
export async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const found: string[] = [];
  await atEachWidth(page, async (width) => {
    const { violations } = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
    for (const violation of violations) {
      const targets = violation.nodes.map((node) => `      ${node.target.join(' ')}`);
      found.push([`  at ${width} px: ${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}`, ...targets].join('\n'));
    }
  });
  expect.soft(found.length, `axe-core violations on ${name} (${page.url()}):\n${found.join('\n')}`).toBe(0);
}
