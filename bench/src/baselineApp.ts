import express from 'express';
import type { Express } from 'express';
import type { AccountDb } from '@recovery/db';

/**
 * The yardstick every scenario is divided by: Express with no middleware and one route doing
 * one primary-key read through the same Prisma client and driver the services use. Whatever a
 * scenario costs beyond this is the service's own work.
 */
export function createBaselineApp(db: AccountDb): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/users/:id', async (req, res) => {
    const user = await db.user.findUnique({ where: { id: req.params.id }, select: { id: true, username: true, displayName: true } });
    if (!user) res.status(404).json({ error: { code: 'not_found', message: 'No such user' } });
    else res.json(user);
  });
  return app;
}
