import { createServer } from 'node:http';
import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DatabaseHealth } from './databaseHealth.ts';
import { healthRoutes } from './healthRoutes.ts';
import { Shutdown } from './shutdown.ts';

function appWith(shutdown: Shutdown) {
  const health = new DatabaseHealth({ logger: pino({ level: 'silent' }), ping: async () => 1, timeoutMs: 1_000, isUnavailable: () => false });
  const app = express();
  app.use(shutdown.middleware());
  app.use(healthRoutes('test', health, shutdown));
  return app;
}

describe('Shutdown', () => {
  it('readiness turns 503 the moment a drain starts, and later answers say Connection: close', async () => {
    const shutdown = new Shutdown();
    const app = appWith(shutdown);
    expect((await request(app).get('/readyz')).status).toBe(200);
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const drained = shutdown.drain(server, 10_000);
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.code).toBe('unavailable');
    expect(ready.headers.connection).toBe('close');
    expect(await drained).toBe(true);
  });

  it('runs every close hook once, newest first, even after one fails', async () => {
    const shutdown = new Shutdown();
    const ran: string[] = [];
    shutdown.onClose(() => ran.push('timer'));
    shutdown.onClose(() => {
      throw new Error('cannot release');
    });
    shutdown.onClose(async () => ran.push('database'));
    const server = createServer(appWith(shutdown));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(await shutdown.drain(server, 10_000)).toBe(true);
    expect(ran).toEqual(['database', 'timer']);
    await shutdown.close();
    expect(ran).toEqual(['database', 'timer']);
  });
});
