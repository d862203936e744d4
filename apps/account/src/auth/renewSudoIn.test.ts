import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '@recovery/db';
import { sha256Hex } from '@recovery/http';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { commitsBesidesMail } from '../testing/commitsBesidesMail.ts';
import { SoftAuthenticator } from '../testing/softAuthenticator.ts';
import { failNextStatement } from '../testing/failNextStatement.ts';
import { enableTwoFactorFor, password } from '../testing/twoFactorHelpers.ts';

/** Prisma's renewal of sudo mode, on either database (not a session's touch of lastSeenAt). */
const renewal = /UPDATE\W+(\w+\W+)?Session\W+SET\W+sudoUntil\W/;

describe.each(providersUnderTest)('sudo renewed in the outcome on %s', (provider) => {
  let t: TestApp;
  let owner: TestClient;
  beforeAll(async () => {
    t = await createTestApp(provider);
    owner = new TestClient(t.app, 'Renewer/1.0');
    await owner.signUp('renewer');
    await enableTwoFactorFor(t, owner);
  });
  afterAll(async () => {
    await t.close();
  });

  const sudoUntil = async () => (await t.db.session.findUniqueOrThrow({ where: { idHash: sha256Hex(owner.cookie('sid')!) } })).sudoUntil!.getTime();
  /** Commits of the request besides an email's. */
  const commitsOf = async (send: () => Promise<{ status: number }>, status: number) => {
    const counted = await countStatements(t.db, send);
    expect(counted.result.status).toBe(status);
    return commitsBesidesMail(counted);
  };
  /** The request fails at sudo's renewal: what it changed must not be kept (`kept` is read before and after). */
  const failsWhole = async (send: () => Promise<{ status: number }>, kept: () => Promise<unknown>) => {
    const before = [await kept(), await sudoUntil()];
    t.clock.advance(60_000);
    const failing = failNextStatement(t, renewal);
    expect((await send()).status).toBeGreaterThanOrEqual(500);
    expect(failing.failed()).toBe(1);
    expect([await kept(), await sudoUntil()]).toEqual(before);
  };

  it('adds and removes a security key in the same commit as the renewal', async () => {
    const key = new SoftAuthenticator('http://localhost:3000', 'localhost');
    // The options are asked for first (a sensitive request of their own, renewing sudo mode).
    const addWithNewOptions = async () => {
      const options = await owner.post('/api/security-keys/registration-options');
      return () => owner.post('/api/security-keys', { nickname: 'Desk key', response: key.register(options.body.options) });
    };
    const keys = () => t.db.securityKey.count({ where: { id: key.id } });
    await failsWhole(await addWithNewOptions(), keys);
    const add = await addWithNewOptions();
    t.clock.advance(60_000);
    const before = await sudoUntil();
    // The registration challenge is spent in its own commit, before the response is checked.
    expect(await commitsOf(add, 201)).toBe(2);
    expect(await sudoUntil()).toBeGreaterThan(before);

    const remove = () => owner.delete(`/api/security-keys/${key.id}`);
    await failsWhole(remove, keys);
    t.clock.advance(60_000);
    const renewed = await sudoUntil();
    expect(await commitsOf(remove, 204)).toBe(1);
    expect(await sudoUntil()).toBeGreaterThan(renewed);
    expect(await keys()).toBe(0);
  });

  it('changes the password in the same commit as the renewal', async () => {
    const change = () => owner.post('/api/auth/password', { currentPassword: password, newPassword: 'a different long passphrase' });
    const hash = async () => (await t.db.user.findUniqueOrThrow({ where: { username: 'renewer' } })).passwordHash;
    await failsWhole(change, hash);
    t.clock.advance(60_000);
    const before = [await hash(), await sudoUntil()] as const;
    expect((await change()).status).toBe(204);
    expect(await hash()).not.toBe(before[0]);
    expect(await sudoUntil()).toBeGreaterThan(before[1]);
  });

  it('regenerates recovery codes and turns 2FA off in the same commit as the renewal', async () => {
    const regenerate = () => owner.post('/api/two-factor/recovery-codes');
    const codes = async () => (await t.db.recoveryCode.findMany({ where: { user: { username: 'renewer' } }, select: { codeHash: true }, orderBy: { codeHash: 'asc' } })).map((c) => c.codeHash);
    await failsWhole(regenerate, codes);
    t.clock.advance(60_000);
    const before = await sudoUntil();
    expect(await commitsOf(regenerate, 200)).toBe(1);
    expect(await sudoUntil()).toBeGreaterThan(before);

    const disable = () => owner.post('/api/two-factor/disable');
    const enabled = async () => (await t.db.twoFactor.count({ where: { user: { username: 'renewer' }, enabledAt: { not: null } } })) === 1;
    await failsWhole(disable, enabled);
    expect(await commitsOf(disable, 204)).toBe(1);
    expect(await enabled()).toBe(false);
  });
});
