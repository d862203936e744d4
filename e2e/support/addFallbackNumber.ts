import { expect, type Locator, type Page } from '@playwright/test';
import { latestSms } from './latestSms.ts';

export interface FallbackNumber {
  /** ISO country code, as the "Country" select's value. */
  country: string;
  /** The number as a person types it. */
  typed: string;
  /** The same number in E.164, as the outbox addresses the text. */
  e164: string;
}

/**
 * In the "Fallback SMS number" section, still in sudo mode: "Add", the number, "Set fallback", the
 * texted code, "Verify". Returns the id of the confirmation text.
 */
export async function addFallbackNumber(page: Page, accountUrl: string, fallback: Locator, number: FallbackNumber): Promise<string> {
  await fallback.getByRole('button', { name: 'Add fallback SMS number' }).click();
  await expect(fallback.getByRole('heading', { name: 'Add fallback SMS number' })).toBeVisible();
  await fallback.getByLabel('Country').selectOption(number.country);
  await fallback.getByLabel('Phone number').fill(number.typed);
  await fallback.getByRole('button', { name: 'Set fallback' }).click();

  const confirmation = await latestSms(page.request, accountUrl, number.e164);
  await fallback.getByLabel('Confirmation code').fill(confirmation.code);
  await fallback.getByRole('button', { name: 'Verify' }).click();
  return confirmation.id;
}
