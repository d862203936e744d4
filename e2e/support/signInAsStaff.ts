import { expect, type Page } from '@playwright/test';
import type { StackInfo } from '../stackInfo.ts';
import { enterPassword } from './enterPassword.ts';
import { totpCode } from './totpCode.ts';

const periodMs = 30_000;
/** The last time step whose code signed the staff account in; the service refuses a step twice. */
let lastStep: number | null = null;

async function freshStep(): Promise<number> {
  let step = Math.floor(Date.now() / periodMs);
  if (step === lastStep) {
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * periodMs - Date.now() + 250));
    step = Math.floor(Date.now() / periodMs);
  }
  lastStep = step;
  return step;
}

function staffAccount(stack: StackInfo): StackInfo['demoAccounts'][number] {
  const staff = stack.demoAccounts.find((account) => account.role === 'staff');
  if (!staff) throw new Error('The stack seeded no staff account');
  return staff;
}

export function staffPassword(stack: StackInfo): string {
  return staffAccount(stack).password;
}

/**
 * The seeded support account: its password, then a code from its authenticator (staff always have
 * 2FA). `signInUrl` is the sign-in page to start from (one carrying a return_to, say); by default
 * the plain one, which ends on the settings.
 */
export async function signInAsStaff(page: Page, stack: StackInfo, signInUrl = `${stack.accountUrl}/sign-in`): Promise<void> {
  const staff = staffAccount(stack);
  await page.goto(signInUrl);
  await enterPassword(page, staff);
  const step = await freshStep();
  await page.getByLabel('Authentication code').fill(totpCode(stack.staffSetupKey, step * periodMs));
  await page.getByRole('button', { name: 'Verify' }).click();
  if (signInUrl === `${stack.accountUrl}/sign-in`) await expect(page.getByRole('heading', { level: 1, name: 'Password and authentication' })).toBeVisible();
}
