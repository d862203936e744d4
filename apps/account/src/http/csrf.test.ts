import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

describe.each(providersUnderTest)('CSRF protection on %s', (provider) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(provider);
  });
  afterAll(async () => {
    await t.close();
  });

  const body = { username: 'csrf-victim', email: 'victim@example.com', password: 'a long enough password' };

  it('refuses a state change without a token and changes nothing', async () => {
    const res = await request(t.app).post('/api/auth/sign-up').send(body);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
    expect(await t.db.user.count()).toBe(0);
  });

  it('refuses a token that does not match the cookie (no double submit)', async () => {
    const client = new TestClient(t.app);
    await client.get('/api/session');
    const other = new TestClient(t.app);
    await other.get('/api/session');
    const res = await client.agent.post('/api/auth/sign-up').set('X-CSRF-Token', other.csrfToken).send(body);
    expect(res.status).toBe(403);
    expect(await t.db.user.count()).toBe(0);
  });

  it("refuses another session's token even when planted in the cookie too", async () => {
    const attacker = new TestClient(t.app);
    await attacker.signUp('attacker');
    const victim = new TestClient(t.app);
    await victim.signUp('victim2');
    const res = await victim.agent
      .post('/api/auth/sign-out')
      .set('Cookie', `sid=${victim.cookie('sid')}; csrf_token=${attacker.csrfToken}`)
      .set('X-CSRF-Token', attacker.csrfToken);
    expect(res.status).toBe(403);
    expect((await victim.get('/api/session')).body.user.username).toBe('victim2');
  });

  it('refuses a foreign Origin and a cross-site fetch even with a valid token', async () => {
    const client = new TestClient(t.app);
    await client.get('/api/session');
    const foreign = await client.agent.post('/api/auth/sign-up').set('X-CSRF-Token', client.csrfToken).set('Origin', 'https://evil.example').send(body);
    expect(foreign.status).toBe(403);
    const crossSite = await client.agent.post('/api/auth/sign-up').set('X-CSRF-Token', client.csrfToken).set('Sec-Fetch-Site', 'cross-site').send(body);
    expect(crossSite.status).toBe(403);
    expect(await t.db.user.count()).toBe(2);
  });

  it('accepts our own origin with the token, and issues a new token bound to the new session', async () => {
    const client = new TestClient(t.app);
    await client.get('/api/session');
    const anonymousToken = client.csrfToken;
    const res = await client.agent.post('/api/auth/sign-up').set('X-CSRF-Token', client.csrfToken).set('Origin', 'http://localhost:3000').send(body);
    expect(res.status).toBe(201);
    expect(res.body.csrfToken).not.toBe(anonymousToken);
    // The anonymous token no longer works once signed in.
    const stale = await client.agent.post('/api/auth/sign-out').set('Cookie', `csrf_token=${anonymousToken}`).set('X-CSRF-Token', anonymousToken);
    expect(stale.status).toBe(403);
  });

  it('keeps a still-valid token when the session is read again, so a change sent meanwhile still matches its cookie', async () => {
    // The page reads the session on load while an opened reset link checks itself: the check's
    // header holds the token from before that read, the browser sends the cookie from after it.
    const client = new TestClient(t.app);
    await client.get('/api/session');
    const before = client.csrfToken;
    const again = await client.get('/api/session');
    expect(again.body.csrfToken).toBe(before);
    expect(([] as string[]).concat(again.headers['set-cookie'] ?? []).filter((cookie) => cookie.startsWith('csrf_token='))).toEqual([]);
    const check = await client.agent.post('/api/auth/password-reset/check').set('X-CSRF-Token', before).send({ token: 'x'.repeat(43) });
    expect(check.status).toBe(200);
  });
});
