import { Router } from 'express';
import { AppError, errorBody } from '@recovery/core/errors';
import type { DatabaseHealth } from './databaseHealth.ts';
import { instanceId } from './instanceId.ts';
import type { Shutdown } from './shutdown.ts';

/**
 * `/healthz`: the process is alive and serving (never touches the database, so a supervisor
 * does not restart a healthy process during a database outage). `/readyz`: the database
 * answers, within the deadline (a load balancer sends traffic elsewhere while it does not).
 * `/readyz` is 503 from the moment the service starts to drain.
 * `/healthz` names the process (`instance`), so whoever started it can tell it from another.
 */
export function healthRoutes(service: string, health: DatabaseHealth, shutdown: Shutdown): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok', service, instance: instanceId });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    // Draining: send new traffic elsewhere at once, whatever the database says.
    if (shutdown.draining) {
      res.status(503).json(errorBody(new AppError('unavailable', 'The service is shutting down')));
      return;
    }
    if (await health.ready()) {
      res.json({ status: 'ready', service });
      return;
    }
    // Answered here, not through the error handler: the outage is logged once, by DatabaseHealth.
    const error = health.unavailableError();
    res.set('Retry-After', String(error.retryAfter)).status(error.status).json(errorBody(error));
  });
  return router;
}
