import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createTestApp } from '../testing/testApp.ts';
import type { TestApp } from '../testing/testApp.ts';
import { TestClient } from '../testing/testClient.ts';
import { password } from '../testing/twoFactorHelpers.ts';
import { partnerRetryAfterSeconds } from './partnerUnreachable.ts';

/** A loopback port nobody listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the partner out of reach', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    t = await createTestApp('sqlite', { PARTNER_URL: `http://127.0.0.1:${await closedPort()}` }, { logger });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers "Connect with" 503 with Retry-After, logged as a warning without a stack trace', async () => {
    const client = new TestClient(t.app);
    await client.signUp('partnerless');
    await client.post('/api/sudo', { password });
    lines.length = 0;
    const res = await client.post('/api/recovery-tokens/save');
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({ code: 'unavailable', message: 'The recovery partner cannot be reached right now; try again in a few minutes' });
    expect(res.headers['retry-after']).toBe(String(partnerRetryAfterSeconds));
    const logged = lines.filter((line) => line.path === '/api/recovery-tokens/save');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 40, errorCode: 'unavailable' });
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('stack');
  });
});
