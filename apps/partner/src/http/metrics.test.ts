import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, providersUnderTest } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';

const token = 'a-partner-metrics-token-of-32-characters-or-more';

describe('/metrics on the partner', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await t.close();
  });

  it('needs the token, and counts requests by route pattern and status', async () => {
    expect((await request(t.app).get('/metrics')).status).toBe(401);
    await request(t.app).get('/sign-in');
    await request(t.app).get('/healthz');
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/sign-in",status="200",service="partner"\} 1\n/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200",service="partner"\} 1\n/);
  });
});

describe.each(providersUnderTest)('pool use in the partner\'s /metrics on %s', (provider) => {
  it('shows the pool (PostgreSQL) or the connection lock (SQLite), read at the scrape', async () => {
    const t = await createTestApp(provider, { METRICS_TOKEN: token });
    try {
      const text = (await request(t.app).get('/metrics').set('Authorization', `Bearer ${token}`)).text;
      if (provider === 'postgresql') {
        expect(text).toMatch(/^database_pool_max_connections\{service="partner"\} \d+$/m);
        expect(text).toContain('database_pool_waiting{service="partner"} 0');
        expect(text).not.toContain('database_lock_held');
      } else {
        expect(text).toContain('database_lock_held{service="partner"} 0');
        expect(text).toContain('database_lock_waiting{service="partner"} 0');
        expect(text).not.toContain('database_pool_connections');
      }
    } finally {
      await t.close();
    }
  });
});
