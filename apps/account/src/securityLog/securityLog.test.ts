import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';

describe.each(providersUnderTest)('security log on %s', (provider) => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(provider);
    client = new TestClient(t.app, 'LogBrowser/2.0');
    await client.signUp('logger');
    for (let i = 0; i < 4; i++) {
      await client.post('/api/auth/sign-out');
      t.clock.advance(1_000);
      await client.signIn('logger');
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists only the signed-in user’s events, newest first, with address and user agent', async () => {
    const other = new TestClient(t.app);
    await other.signUp('someone-else');
    const res = await client.get('/api/security-log?limit=100');
    expect(res.status).toBe(200);
    const actions = res.body.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['user.login', 'user.logout', 'user.login', 'user.logout', 'user.login', 'user.logout', 'user.login', 'user.logout', 'user.login', 'user.create']);
    expect(res.body.events[0]).toMatchObject({ userAgent: 'LogBrowser/2.0', description: 'Signed in' });
    expect(res.body.events[0].ip).toMatch(/127\.0\.0\.1|::1/);
    const times = res.body.events.map((e: { createdAt: string }) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await client.get(`/api/security-log?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.events.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.events.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const all = await client.get('/api/security-log?limit=100');
    expect(seen).toEqual(all.body.events.map((e: { id: string }) => e.id));
  });

  it('refuses a malformed cursor or limit with a 400', async () => {
    expect((await client.get('/api/security-log?cursor=nope')).status).toBe(400);
    expect((await client.get('/api/security-log?limit=1000')).status).toBe(400);
    expect((await client.get('/api/security-log?limit=abc')).body.error.code).toBe('validation_failed');
  });

  it('exports as JSON and CSV downloads', async () => {
    const json = await client.get('/api/security-log/export?format=json');
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toMatch(/attachment; filename="?security-log-\d{4}-\d{2}-\d{2}\.json"?/);
    expect(JSON.parse(json.text).events).toHaveLength(10);
    const csv = await client.get('/api/security-log/export?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('created_at,action,description,ip,user_agent,actor,data');
    expect(lines).toHaveLength(11);
    expect(lines[1]).toContain('user.login');
  });

  // HTTP drops a header value's leading whitespace; the unit tests cover cells that keep it.
  it('defuses hostile user agents in the CSV export (a pipe, a formula)', async () => {
    const hostile = ['|calc', '=1+1', '|cmd'];
    const victim = new TestClient(t.app, hostile[0]);
    await victim.signUp('csv-victim');
    for (const agent of hostile.slice(1)) {
      victim.userAgent = agent;
      await victim.post('/api/auth/sign-out');
      await victim.signIn('csv-victim');
    }
    const csv = (await victim.get('/api/security-log/export?format=csv')).text;
    for (const agent of hostile) expect(csv).toContain(`,"'${agent}",`);
  });

  it('is private to signed-in users', async () => {
    const anonymous = new TestClient(t.app);
    expect((await anonymous.get('/api/security-log')).status).toBe(401);
    expect((await anonymous.get('/api/security-log/export')).status).toBe(401);
  });
});
