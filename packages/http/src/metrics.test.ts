import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseHealth } from './databaseHealth.ts';
import { ServiceMetrics, serveMetrics } from './metrics.ts';
import { Shutdown } from './shutdown.ts';

const shutdowns: Shutdown[] = [];
afterEach(async () => {
  await Promise.all(shutdowns.splice(0).map((s) => s.close()));
});

function metricsFor(service: string): ServiceMetrics {
  const health = new DatabaseHealth({ logger: pino({ level: 'silent' }), ping: async () => 1, timeoutMs: 1_000, isUnavailable: () => true });
  health.unavailable(new Error('connection refused'));
  const metrics = new ServiceMetrics(service, health);
  shutdowns.push(new Shutdown());
  shutdowns.at(-1)!.onClose(() => health.close());
  return metrics;
}

describe('METRICS_PORT', () => {
  it('serves /metrics without a token on 127.0.0.1, and nothing else', async () => {
    const metrics = metricsFor('partner');
    const shutdown = shutdowns.at(-1)!;
    const server = await serveMetrics(metrics, 0, shutdown);
    const { address, port } = server.address() as { address: string; port: number };
    expect(address).toBe('127.0.0.1');
    const res = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('database_up{service="partner"} 0');
    expect(text).toContain('database_unavailable_errors_total{service="partner"} 1');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
  });

  it('keeps each app in its own registry, so two apps in one process both register', () => {
    expect(() => [metricsFor('account'), metricsFor('account')]).not.toThrow();
  });
});

describe('lockouts_total', () => {
  it('counts answers refused by a limit (429) by route pattern, not other failures', async () => {
    const metrics = metricsFor('account');
    const app = express();
    app.use(metrics.middleware());
    app.post('/api/auth/sign-in/:step', (req, res) => {
      res.status(req.params.step === 'locked' ? 429 : 401).end();
    });
    await request(app).post('/api/auth/sign-in/locked');
    await request(app).post('/api/auth/sign-in/locked');
    await request(app).post('/api/auth/sign-in/wrong');
    const text = await metrics.registry.metrics();
    expect(text).toContain('lockouts_total{route="/api/auth/sign-in/:step",service="account"} 2');
    expect(text).toContain('http_requests_total{method="POST",route="/api/auth/sign-in/:step",status="401",service="account"} 1');
  });
});
