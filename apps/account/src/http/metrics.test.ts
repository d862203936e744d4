import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql, sqlDriverOf } from '@recovery/db';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { enableTwoFactorFor, password, totpCode } from '../testing/twoFactorHelpers.ts';
import { holdTransaction } from '@recovery/db/testing/holdTransaction';

const token = 'a-metrics-token-of-at-least-32-characters';

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('/metrics on the account service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await t.close();
  });
  const scrape = async () => {
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.text;
  };

  it('refuses a scrape without the token, or with another', async () => {
    expect((await request(t.app).get('/metrics')).status).toBe(401);
    expect((await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}x`)).status).toBe(401);
  });

  it('counts requests by route pattern and status, 2FA outcomes by method, and messages sent, after a sign-in journey', async () => {
    const before = await scrape();
    const owner = new TestClient(t.app, 'OwnerBrowser/1.0');
    await owner.signUp('metered');
    const { secret } = await enableTwoFactorFor(t, owner);
    const client = new TestClient(t.app, 'Laptop/1.0');
    expect((await client.signIn('metered', password)).body.twoFactorRequired).toBe(true);
    expect((await client.post('/api/auth/two-factor', { method: 'totp', code: '000000' })).status).toBe(400);
    expect((await client.post('/api/auth/two-factor', { method: 'totp', code: totpCode(secret, t.clock.now) })).status).toBe(200);
    const after = await scrape();

    const signIns = { method: 'POST', route: '/api/auth/sign-in', status: '200' };
    expect(sample(after, 'http_requests_total', signIns) - sample(before, 'http_requests_total', signIns)).toBe(1);
    expect(sample(after, 'http_request_duration_seconds_count', signIns)).toBeGreaterThanOrEqual(1);
    const secondSteps = { method: 'POST', route: '/api/auth/two-factor', status: '400' };
    expect(sample(after, 'http_requests_total', secondSteps) - sample(before, 'http_requests_total', secondSteps)).toBe(1);
    // The route pattern, never a raw URL with its query or ids.
    expect(after).not.toMatch(/route="[^"]*\?/);
    expect(sample(after, 'security_outcomes_total', { event: 'two_factor_failure', method: 'totp' })).toBe(1);
    expect(sample(after, 'security_outcomes_total', { event: 'two_factor_success', method: 'totp' })).toBe(1);
    // The failed second step emailed the owner.
    expect(sample(after, 'messages_sent_total', { channel: 'email' }) - sample(before, 'messages_sent_total', { channel: 'email' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'database_up', {})).toBe(1);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is not on the public listener at all', async () => {
    const t = await createTestApp('sqlite');
    try {
      const res = await request(t.app).get('/metrics').set('Accept', 'application/json');
      expect(res.status).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe.each(providersUnderTest)('pool use in /metrics on %s', (provider) => {
  it('shows the pool (PostgreSQL) or the connection lock (SQLite), and work waiting while it is all held', async () => {
    const t = await createTestApp(provider, { METRICS_TOKEN: token });
    const scrape = async () => (await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`)).text;
    try {
      await sqlDriverOf(t.db).query(sql`SELECT 1`);
      const idle = await scrape();
      // The test app's pool holds 5 connections; SQLite has one connection and its lock.
      const size = provider === 'postgresql' ? 5 : 1;
      if (provider === 'postgresql') {
        expect(sample(idle, 'database_pool_max_connections', {})).toBe(5);
        expect(sample(idle, 'database_pool_connections', {})).toBeGreaterThanOrEqual(1);
        expect(sample(idle, 'database_pool_idle_connections', {})).toBe(sample(idle, 'database_pool_connections', {}));
        expect(idle).toContain('database_pool_waiting{service="account"} 0');
        expect(idle).not.toContain('database_lock_held');
      } else {
        expect(idle).toContain('database_lock_held{service="account"} 0');
        expect(idle).toContain('database_lock_waiting{service="account"} 0');
        expect(idle).not.toContain('database_pool_connections');
      }
      const held = [];
      for (let i = 0; i < size; i += 1) held.push(await holdTransaction(t.db));
      const queued = sqlDriverOf(t.db).transaction([{ statement: sql`SELECT 1` }]);
      const waiting = provider === 'postgresql' ? 'database_pool_waiting' : 'database_lock_waiting';
      await vi.waitFor(async () => expect(sample(await scrape(), waiting, {})).toBe(1), { timeout: 10_000 });
      const busy = await scrape();
      if (provider === 'postgresql') {
        expect(sample(busy, 'database_pool_connections', {})).toBe(5);
        expect(sample(busy, 'database_pool_idle_connections', {})).toBe(0);
      } else {
        expect(sample(busy, 'database_lock_held', {})).toBe(1);
      }
      for (const h of held) h.release();
      await Promise.all([...held.map((h) => h.done), queued]);
      expect(sample(await scrape(), waiting, {})).toBe(0);
    } finally {
      await t.close();
    }
  });
});
