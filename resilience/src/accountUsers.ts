import type { ApiBrowser, ApiResponse } from './apiBrowser.ts';
import { TotpDevice } from './totpDevice.ts';

export const password = 'a long enough password';

function expectStatus(res: ApiResponse, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.json)}`);
}

export async function signUp(browser: ApiBrowser, username: string): Promise<ApiResponse> {
  return browser.post('/api/auth/sign-up', { username, email: `${username}@example.com`, password });
}

/**
 * A new account with an authenticator app turned on, as a user does it: sign up (this browser
 * becomes a known device), confirm access (sudo), set up, verify a code.
 */
export async function signUpWithTwoFactor(browser: ApiBrowser, username: string): Promise<{ device: TotpDevice; recoveryCodes: string[] }> {
  const device = await signUpAndStartSetup(browser, username);
  const enabled = await browser.post('/api/two-factor/enable', { code: device.spendCurrent() });
  expectStatus(enabled, 200, 'two-factor enable');
  return { device, recoveryCodes: enabled.json?.recoveryCodes as string[] };
}

/** A new account halfway through turning 2FA on: signed up, in sudo mode, its app set up. */
export async function signUpAndStartSetup(browser: ApiBrowser, username: string): Promise<TotpDevice> {
  expectStatus(await signUp(browser, username), 201, 'sign-up');
  expectStatus(await browser.post('/api/sudo', { password }), 200, 'sudo');
  const setup = await browser.post('/api/two-factor/setup');
  expectStatus(setup, 200, 'two-factor setup');
  return new TotpDevice(String(setup.json?.setupKey));
}

/** The password step of a sign-in; for an account with 2FA, this starts a pending sign-in. */
export function passwordStep(browser: ApiBrowser, login: string, origin?: string): Promise<ApiResponse> {
  return browser.post('/api/auth/sign-in', { login, password }, origin);
}

export function totpStep(browser: ApiBrowser, code: string, origin?: string): Promise<ApiResponse> {
  return browser.post('/api/auth/two-factor', { method: 'totp', code }, origin);
}
