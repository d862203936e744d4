import type { Request, RequestHandler } from 'express';
import { Router } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Server } from 'node:http';
import type { PoolStats } from '@recovery/db';
import type { DatabaseHealth } from './databaseHealth.ts';
import { listen } from './listen.ts';
import { registerPoolGauges } from './poolGauges.ts';
import type { Shutdown } from './shutdown.ts';
import { constantTimeEqual } from './secrets.ts';

/**
 * METRICS_PORT: `/metrics` alone, without a token, on loopback only (a scraper on the same host,
 * or one reaching it through a tunnel); closed with the service.
 */
export async function serveMetrics(metrics: ServiceMetrics, port: number, shutdown: Shutdown): Promise<Server> {
  const server = await listen(
    (req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      void metrics.registry.metrics().then((text) => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text));
    },
    port,
    '127.0.0.1',
    'METRICS_PORT',
  );
  shutdown.onClose(() => new Promise((resolve) => server.close(resolve)));
  return server;
}

/** The route pattern a request matched (`/api/users/:id`), never its raw URL: bounded labels. */
function routeOf(req: Request): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched';
}

/**
 * One service's Prometheus metrics, in a registry of its own (createApp runs many times in one
 * test process; the global registry would refuse the second set of names).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly lockouts: Counter<'route'>;
  /** Emails and texts handed to their transport. */
  readonly messagesSent: Counter<'channel'>;
  /** Outcomes the service counts by name (2FA, recovery, lockouts), labelled as they are recorded. */
  readonly outcomes: Counter<'event' | 'method'>;

  /** `pool`: the database client's pool use (poolStatsOf), read at each scrape. */
  constructor(service: string, health: DatabaseHealth, pool?: () => PoolStats) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], registers });
    this.duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern and status', labelNames: ['method', 'route', 'status'], registers });
    this.lockouts = new Counter({ name: 'lockouts_total', help: 'Requests refused because a guessing limit is reached (429), by route pattern', labelNames: ['route'], registers });
    this.messagesSent = new Counter({ name: 'messages_sent_total', help: 'Emails and texts handed to their transport, by channel', labelNames: ['channel'], registers });
    this.outcomes = new Counter({ name: 'security_outcomes_total', help: 'Security-relevant outcomes (2FA, recovery, lockouts), by event and method', labelNames: ['event', 'method'], registers });
    new Gauge({ name: 'database_up', help: '1 while the database answers, 0 during an outage', registers, collect() { this.set(health.down ? 0 : 1); } });
    new Gauge({ name: 'database_unavailable_errors_total', help: 'Errors that meant the database was unreachable or stalled, since start', registers, collect() { this.set(health.unavailableErrors); } });
    new Gauge({ name: 'database_unavailable_seconds_total', help: 'Time the database was unavailable, since start', registers, collect() { this.set(health.unavailableMs() / 1000); } });
    if (pool) registerPoolGauges(this.registry, pool);
  }

  /** Counts and times every request once it is answered. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.duration.startTimer();
      res.once('finish', () => {
        const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
        this.requests.inc(labels);
        end(labels);
        // Every limit (password, 2FA, sudo, sign-ups) refuses with 429 rate_limited.
        if (res.statusCode === 429) this.lockouts.inc({ route: labels.route });
      });
      next();
    };
  }

  /**
   * `/metrics` on the public listener, only behind METRICS_TOKEN (a bearer token): unset, the
   * route does not exist and metrics are served on METRICS_PORT alone.
   */
  routes(token: string | undefined): Router {
    const router = Router();
    if (token === undefined) return router;
    router.get('/metrics', async (req, res) => {
      // Rule: metrics describe traffic and outages; never readable without the operator's token.
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!constantTimeEqual(given, token)) {
        res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: { code: 'unauthenticated', message: 'A valid metrics token is required' } });
        return;
      }
      res.set('Content-Type', this.registry.contentType).set('Cache-Control', 'no-store').send(await this.registry.metrics());
    });
    return router;
  }
}
