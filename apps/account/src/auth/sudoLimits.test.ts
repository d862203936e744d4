import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { failNextStatement } from '../testing/failNextStatement.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';

describe.each(providersUnderTest)('"Confirm access" limits on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A full sign-in (password and code) from a browser of its own: the session a thief would steal. */
  async function signedIn(login: string, secret: string, agent: string): Promise<TestClient> {
    const client = new TestClient(t.app, agent);
    expect((await client.signIn(login, password)).body.twoFactorRequired).toBe(true);
    t.clock.advance(30_000);
    expect((await client.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status).toBe(200);
    return client;
  }

  it('answers a database timeout while reserving the guess 503 and keeps the session: only a limit signs it out', async () => {
    const client = new TestClient(t.app);
    await client.signUp('timed-out');
    const sessionsBefore = await t.db.session.count({ where: { user: { username: 'timed-out' } } });
    const failing = failNextStatement(t, /RateLimit/);
    const res = await client.post('/api/sudo', { password });
    expect(failing.failed()).toBe(1);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect((await client.get('/api/session')).body.user.username).toBe('timed-out');
    expect(await t.db.session.count({ where: { user: { username: 'timed-out' } } })).toBe(sessionsBefore);
    // The same session then confirms access as usual.
    expect((await client.post('/api/sudo', { password })).status).toBe(200);
  });

  it('wrong codes from stolen sessions sign those sessions out and never lock the owner’s sign-in', async () => {
    const owner = new TestClient(t.app, 'OwnerBrowser/1.0');
    await owner.signUp('stolen');
    const { secret } = await enableTwoFactorFor(t, owner);
    for (let s = 0; s < 2; s++) {
      const thief = await signedIn('stolen', secret, `Thief/${s}`);
      for (let i = 0; i < 4; i++) expect((await thief.post('/api/sudo', { totpCode: '000000' })).status).toBe(400);
      const fifth = await thief.post('/api/sudo', { totpCode: '000000' });
      expect(fifth.status).toBe(401);
      expect((await thief.get('/api/session')).body.user).toBeNull();
    }
    // Ten failures on the account: sudo itself now waits, from any session.
    const third = await signedIn('stolen', secret, 'Thief/2');
    expect((await third.post('/api/sudo', { totpCode: '000000' })).status).toBe(429);

    // The owner's known browser and a new browser both still sign in with the right code.
    await owner.post('/api/auth/sign-out');
    expect((await owner.signIn('stolen', password)).body.twoFactorRequired).toBe(true);
    t.clock.advance(30_000);
    expect((await owner.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status).toBe(200);
    await signedIn('stolen', secret, 'NewLaptop/1.0');
    const userId = (await t.db.user.findUniqueOrThrow({ where: { username: 'stolen' } })).id;
    expect(await t.db.rateLimit.count({ where: { key: { startsWith: `2fa:user:${userId}` }, count: { gt: 0 } } })).toBe(0);
    expect(await t.db.securityEvent.count({ where: { userId, action: 'user.sudo_failure' } })).toBe(10);
  });

  it('wrong passwords at "Confirm access" never lock the owner’s password step', async () => {
    const owner = new TestClient(t.app);
    await owner.signUp('pwstolen');
    for (let s = 0; s < 2; s++) {
      const thief = new TestClient(t.app, `PwThief/${s}`);
      expect((await thief.signIn('pwstolen', password)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await thief.post('/api/sudo', { password: 'not the password' })).status).toBe(401);
      const fifth = await thief.post('/api/sudo', { password: 'not the password' });
      expect(fifth.body.error.code).toBe('unauthenticated');
      expect((await thief.get('/api/session')).body.user).toBeNull();
    }
    expect((await new TestClient(t.app).signIn('pwstolen', password)).status).toBe(200);
  });

  it('logs each failure and emails the owner on the first of a series only', async () => {
    t.clock.advance(16 * 60_000); // past the per-address window the tests above used up
    const client = new TestClient(t.app, 'Curious/1.0');
    const signUp = await client.signUp('logged');
    const userId = signUp.body.user.id as string;
    expect((await client.post('/api/sudo', { password: 'wrong one' })).status).toBe(401);
    expect((await client.post('/api/sudo', { password: 'wrong two' })).status).toBe(401);
    const events = await t.db.securityEvent.findMany({ where: { userId, action: 'user.sudo_failure' } });
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[0]!.data)).toEqual({ method: 'password' });
    expect(events[0]!.userAgent).toBe('Curious/1.0');
    expect(await t.db.outboxMessage.count({ where: { recipient: 'logged@example.com', subject: 'Failed attempt to confirm access' } })).toBe(1);
    // A success ends the series: the next failure is a new one and is emailed again.
    expect((await client.post('/api/sudo', { password })).status).toBe(200);
    expect((await client.post('/api/sudo', { password: 'wrong three' })).status).toBe(401);
    expect(await t.db.outboxMessage.count({ where: { recipient: 'logged@example.com', subject: 'Failed attempt to confirm access' } })).toBe(2);
  });
});

describe.each(providersUnderTest)('"Confirm access" per address on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts failures per client address across accounts', async () => {
    for (let u = 0; u < 4; u++) {
      const client = new TestClient(t.app);
      await client.signUp(`neighbour${u}`);
      for (let i = 0; i < 5; i++) await client.post('/api/sudo', { password: 'not it' });
    }
    const next = new TestClient(t.app);
    await next.signUp('neighbour4');
    const res = await next.post('/api/sudo', { password: 'not it' });
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/from this address/);
  });
});
