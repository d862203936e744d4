import { Secret, TOTP } from 'otpauth';
import type { TestApp } from './testApp.ts';
import type { TestClient } from './testClient.ts';

/** The code an authenticator app would show for `secret`, `steps` time steps from the test clock. */
export function totpCode(secret: string, at: Date, steps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at.getTime() + steps * 30_000 });
}

export const password = 'a long enough password';

/** Signs up (or uses the signed-in client), enters sudo mode and turns 2FA on. */
export async function enableTwoFactorFor(t: Pick<TestApp, 'clock'>, client: TestClient): Promise<{ secret: string; codes: string[] }> {
  const sudo = await client.post('/api/sudo', { password });
  if (sudo.status !== 200) throw new Error(`sudo failed: ${sudo.status} ${JSON.stringify(sudo.body)}`);
  const setup = await client.post('/api/two-factor/setup');
  if (setup.status !== 200) throw new Error(`setup failed: ${setup.status}`);
  const secret = setup.body.setupKey as string;
  const enabled = await client.post('/api/two-factor/enable', { code: totpCode(secret, t.clock.now) });
  if (enabled.status !== 200) throw new Error(`enable failed: ${enabled.status} ${JSON.stringify(enabled.body)}`);
  // Move past the step just spent, so the next code the test computes is fresh.
  t.clock.advance(30_000);
  return { secret, codes: enabled.body.recoveryCodes as string[] };
}
