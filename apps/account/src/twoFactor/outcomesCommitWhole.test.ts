import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountTx, User } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { disableTwoFactor, enableTwoFactor, regenerateRecoveryCodes } from './manageTwoFactor.ts';

const client = { ip: '127.0.0.1', userAgent: 'Outcome/1.0' };

class Crash extends Error {}

/**
 * Each rule writes only through the transaction it is given: when the unit of work dies after
 * the rule ran (a crash before the commit), nothing of the outcome remains.
 */
describe.each(providersUnderTest)('2FA outcomes commit whole or not at all on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  const crashAfter = (rule: (tx: AccountTx) => Promise<unknown>) =>
    t.db.$transaction(async (tx) => {
      await rule(tx);
      throw new Crash('the process died before the commit');
    });

  const eventCount = (user: User, action: string) => t.db.securityEvent.count({ where: { userId: user.id, action } });

  it('enabling: 2FA stays off, with no codes and no event, and the same code then works', async () => {
    const browser = new TestClient(t.app, 'Outcome/1.0');
    await browser.signUp('enabler');
    expect((await browser.post('/api/sudo', { password })).status).toBe(200);
    const setup = await browser.post('/api/two-factor/setup');
    const code = totpCode(setup.body.setupKey as string, t.clock.now);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'enabler' } });

    await expect(crashAfter((tx) => enableTwoFactor(t.ctx, tx, user, code, client, 'no-session'))).rejects.toBeInstanceOf(Crash);
    const factor = await t.db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(factor.enabledAt).toBeNull();
    expect(factor.recoveryCodeSet).toBeNull();
    expect(factor.lastUsedStep).toBeNull();
    expect(await t.db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await eventCount(user, 'two_factor_authentication.enabled')).toBe(0);

    const enabled = await browser.post('/api/two-factor/enable', { code });
    expect(enabled.status).toBe(200);
    expect(await t.db.recoveryCode.count({ where: { userId: user.id } })).toBe(16);
    expect(await eventCount(user, 'two_factor_authentication.enabled')).toBe(1);
  });

  it('regenerating: the old set still works and no event is logged', async () => {
    const browser = new TestClient(t.app, 'Outcome/1.0');
    await browser.signUp('regenerator');
    const { codes } = await enableTwoFactorFor(t, browser);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'regenerator' } });
    const before = await t.db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } });

    await expect(crashAfter((tx) => regenerateRecoveryCodes(t.ctx, tx, user, client))).rejects.toBeInstanceOf(Crash);
    expect((await t.db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } })).recoveryCodeSet).toBe(before.recoveryCodeSet);
    expect(await t.db.recoveryCode.count({ where: { userId: user.id, setId: before.recoveryCodeSet! } })).toBe(16);
    expect(await eventCount(user, 'two_factor_authentication.recovery_codes_regenerated')).toBe(0);

    const other = new TestClient(t.app, 'Other/1.0');
    expect((await other.signIn('regenerator')).status).toBe(200);
    expect((await other.post('/api/auth/two-factor', { method: 'recovery_code', code: codes[0]! })).status).toBe(200);
  });

  it('disabling: every factor stays and no event is logged', async () => {
    const browser = new TestClient(t.app, 'Outcome/1.0');
    await browser.signUp('disabler');
    await enableTwoFactorFor(t, browser);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'disabler' } });

    await expect(crashAfter((tx) => disableTwoFactor(t.ctx, tx, user, client))).rejects.toBeInstanceOf(Crash);
    expect((await t.db.twoFactor.findUniqueOrThrow({ where: { userId: user.id } })).enabledAt).not.toBeNull();
    expect(await t.db.recoveryCode.count({ where: { userId: user.id } })).toBe(16);
    expect(await eventCount(user, 'two_factor_authentication.disabled')).toBe(0);
  });
});
