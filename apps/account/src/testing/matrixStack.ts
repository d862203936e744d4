import { expect } from 'vitest';
import { setStaffRole } from '../staff/setStaffRole.ts';
import { signInWithTotp } from './deviceRecoveryHelpers.ts';
import { FakePartner } from './fakePartner.ts';
import { createTestApp } from './testApp.ts';
import type { TestApp } from './testApp.ts';
import { TestClient } from './testClient.ts';
import { enableTwoFactorFor, password } from './twoFactorHelpers.ts';

export interface MatrixStack {
  t: TestApp;
  partner: FakePartner;
  /** A member of staff signs in afresh (the clock moves days per row), confirms access and approves. */
  approve(requestId: string): ReturnType<TestClient['post']>;
  close(): Promise<void>;
}

/** The service with a partner, a waiting period and one member of staff, for the matrix walks (SQLite: 144 accounts with every factor). */
export async function matrixStack(staffName: string, waitingHours: number): Promise<MatrixStack> {
  const partner = await new FakePartner().start();
  const t = await createTestApp('sqlite', { PARTNER_URL: partner.url, ACCOUNT_RECOVERY_DELAY_HOURS: String(waitingHours) });
  const desk = new TestClient(t.app, 'Desk/1.0');
  await desk.signUp(staffName);
  const { secret } = await enableTwoFactorFor(t, desk);
  await setStaffRole(t.db, staffName, true);
  return {
    t,
    partner,
    async approve(requestId) {
      const staff = new TestClient(t.app, 'Desk/1.0');
      await signInWithTotp(t, staff, staffName, secret);
      expect((await staff.post('/api/sudo', { password })).status).toBe(200);
      return staff.post(`/api/support/recovery-requests/${requestId}/approve`);
    },
    async close() {
      await t.close();
      await partner.stop();
    },
  };
}
