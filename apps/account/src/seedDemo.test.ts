import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './testing/testApp.ts';
import type { TestApp } from './testing/testApp.ts';
import { TestClient } from './testing/testClient.ts';
import { totpCode } from './testing/twoFactorHelpers.ts';
import { seedDemo } from './seedDemo.ts';

describe('the demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates a user and a staff account with 2FA on, once', async () => {
    const first = await seedDemo(t.ctx);
    const again = await seedDemo(t.ctx);
    expect(again.staffSetupKey).toBe(first.staffSetupKey);
    expect(await t.db.user.count()).toBe(2);
    const staff = await t.db.user.findUniqueOrThrow({ where: { username: 'support' }, include: { twoFactor: true } });
    expect(staff.role).toBe('staff');
    expect(staff.twoFactor?.enabledAt).not.toBeNull();
  });

  it('lets the staff account sign in with the printed password and setup key', async () => {
    const { staffSetupKey, accounts } = await seedDemo(t.ctx);
    const staff = accounts.find((a) => a.role === 'staff')!;
    const client = new TestClient(t.app);
    expect((await client.signIn(staff.username, staff.password)).body.twoFactorRequired).toBe(true);
    const res = await client.post('/api/auth/two-factor', { method: 'totp', code: totpCode(staffSetupKey, t.clock.now) });
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('staff');
    expect((await client.get('/api/support/recovery-requests')).status).toBe(200);
    const mona = accounts.find((a) => a.role === 'user')!;
    expect((await new TestClient(t.app).signIn(mona.username, mona.password)).body.user.username).toBe('mona');
  });
});
