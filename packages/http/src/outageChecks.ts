import type { Express } from 'express';
import pino from 'pino';
import type { Logger } from 'pino';
import request from 'supertest';
import { expect } from 'vitest';

/** A logger whose lines a test can read. */
export function capturingLogger(): { logger: Logger; lines: Array<{ level: number; msg: string }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

/** For tests of a service whose database is gone: alive, not ready, 503 with Retry-After. */
export async function expectAliveNotReady(app: Express, service: string): Promise<void> {
  expect((await request(app).get('/healthz')).body).toEqual({ status: 'ok', service, instance: expect.any(String) });
  const ready = await request(app).get('/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.error.code).toBe('unavailable');
  expect(Number(ready.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

/** Five concurrent requests that need the database: each 503 unavailable; the outage logged once. */
export async function expectOutageAnswered(app: Express, path: string, cookie: string, lines: Array<{ msg: string }>): Promise<void> {
  const answers = await Promise.all(Array.from({ length: 5 }, () => request(app).get(path).set('Accept', 'application/json').set('Cookie', cookie)));
  for (const answer of answers) {
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('unavailable');
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }
  expect(lines.filter((line) => line.msg.startsWith('database unavailable'))).toHaveLength(1);
  expect(lines.filter((line) => line.msg === 'request failed')).toEqual([]);
}
