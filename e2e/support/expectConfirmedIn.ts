import { expect, type Locator } from '@playwright/test';

/**
 * The outcome of an action is said inside the section it concerns, in a polite live region
 * (role="status"), so a screen reader hears it and a sighted person finds it where they acted;
 * and in no other live region of the page, such as a shared one at its top.
 */
export async function expectConfirmedIn(section: Locator, text: string | RegExp): Promise<void> {
  const inSection = section.getByRole('status').filter({ hasText: text });
  await expect(inSection).toBeVisible();
  await expect(inSection).toHaveText(text);
  await expect(section.page().getByRole('status').filter({ hasText: text })).toHaveCount(1);
}
