import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountDb } from '@recovery/db';
import type { AccountDb } from '@recovery/db';
import { capturingLogger, expectAliveNotReady, expectOutageAnswered } from '@recovery/http/outageChecks';
import { createApp } from '../createApp.ts';
import type { AccountApp } from '../createApp.ts';
import { createTestApp } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';

describe('the account service while its database refuses connections', () => {
  const { logger, lines } = capturingLogger();
  let t: TestApp;
  let db: AccountDb;
  let down: AccountApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    // A real PostgreSQL client pointed at a port where nothing listens: every query is refused.
    db = createAccountDb('postgresql://postgres@127.0.0.1:1/none', { timeoutMs: 1_000 });
    down = createApp({ ...t.ctx.config, databaseTimeoutMs: 1_000 }, { db, logger });
  });
  afterAll(async () => {
    down.health.close();
    await db.$disconnect();
    await t.close();
  });

  it('is alive (/healthz) but not ready (/readyz: 503 unavailable with Retry-After)', () => expectAliveNotReady(down.app, 'account'));

  it('answers requests that need the database 503 unavailable, and logs the outage once', () => expectOutageAnswered(down.app, '/api/security-log', 'sid=someone', lines));

  it('is ready on a database that answers', async () => {
    expect((await request(t.app).get('/readyz')).body).toEqual({ status: 'ready', service: 'account' });
  });
});
