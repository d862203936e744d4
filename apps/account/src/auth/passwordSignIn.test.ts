import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('the password sign-in as one unit of work on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in without 2FA in at most 10 statements and 2 commits, and logs it', async () => {
    const browser = new TestClient(t.app, 'Budget/1.0');
    await browser.signUp('plainbudget');
    await browser.post('/api/auth/sign-out');
    const counted = await countStatements(t.db, () => browser.signIn('plainbudget'));
    expect(counted.result.status).toBe(200);
    expect(counted.statements.length, counted.statements.join('\n')).toBeLessThanOrEqual(10);
    expect(counted.commits).toBeLessThanOrEqual(2);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'plainbudget' } });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect((await t.db.securityEvent.findMany({ where: { userId: user.id } })).map((e) => e.action)).toContain('user.login');
  });

  it('starts a 2FA sign-in in at most 10 statements and 2 commits', async () => {
    const browser = new TestClient(t.app, 'Budget/2.0');
    await browser.signUp('twofactorbudget');
    await enableTwoFactorFor(t, browser);
    await browser.post('/api/auth/sign-out');
    const counted = await countStatements(t.db, () => browser.signIn('twofactorbudget'));
    expect(counted.result.body).toMatchObject({ twoFactorRequired: true, methods: ['totp', 'recovery_code'] });
    expect(counted.statements.length, counted.statements.join('\n')).toBeLessThanOrEqual(10);
    expect(counted.commits).toBeLessThanOrEqual(2);
  });

  it('refuses a wrong password in at most 2 commits and counts one failure per limit', async () => {
    const browser = new TestClient(t.app, 'Budget/3.0');
    await browser.signUp('wrongbudget');
    await browser.post('/api/auth/sign-out');
    const counted = await countStatements(t.db, () => browser.signIn('wrongbudget', 'not the password at all'));
    expect(counted.result.status).toBe(401);
    expect(counted.commits).toBeLessThanOrEqual(2);
    const user = await t.db.user.findUniqueOrThrow({ where: { username: 'wrongbudget' } });
    // The browser that signed up is a known one: its failures count on the account's known-browser counter.
    expect(await t.db.rateLimit.findUniqueOrThrow({ where: { key: `signin:user:${user.id}:known` } })).toMatchObject({ count: 1, inFlight: 0 });
    expect(await t.db.rateLimit.findUnique({ where: { key: `signin:user:${user.id}` } })).toBeNull();
  });
});
