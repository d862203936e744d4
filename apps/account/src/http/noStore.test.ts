import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { password, totpCode } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('secrets are never cached on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the setup key, the recovery codes (enable, regenerate, show) and CSRF tokens say no-store', async () => {
    const client = new TestClient(t.app);
    const signUp = await client.signUp('uncached');
    expect(signUp.headers['cache-control']).toBe('no-store');
    expect((await client.post('/api/sudo', { password })).headers['cache-control']).toBe('no-store');
    const setup = await client.post('/api/two-factor/setup');
    expect(setup.body.setupKey).toBeTruthy();
    expect(setup.headers['cache-control']).toBe('no-store');
    const enabled = await client.post('/api/two-factor/enable', { code: totpCode(setup.body.setupKey, t.clock.now) });
    expect(enabled.body.recoveryCodes).toHaveLength(16);
    expect(enabled.headers['cache-control']).toBe('no-store');
    const regenerated = await client.post('/api/two-factor/recovery-codes');
    expect(regenerated.body.recoveryCodes).toHaveLength(16);
    expect(regenerated.headers['cache-control']).toBe('no-store');
    expect((await client.get('/api/two-factor/recovery-codes')).headers['cache-control']).toBe('no-store');
    expect((await client.get('/api/session')).headers['cache-control']).toBe('no-store');
  });
});
