import { Router } from 'express';
import { accountOperations as ops } from '@recovery/core/api/index';
import type { AccountContext } from '../context.ts';
import { addRoute, responded } from './addRoute.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { allSecurityEvents, listSecurityEvents } from '../securityLog/listSecurityEvents.ts';
import { securityLogCsv } from '../securityLog/securityLogCsv.ts';

export function securityLogRoutes(ctx: AccountContext): Router {
  const router = Router();

  addRoute(router, ctx, ops.listSecurityLog, async ({ query, res }) => {
    const { user } = requireUser(res);
    return listSecurityEvents(ctx.db, user.id, query);
  });

  addRoute(router, ctx, ops.exportSecurityLog, async ({ query, res }) => {
    const { user } = requireUser(res);
    const events = await allSecurityEvents(ctx.db, user.id);
    const stamp = ctx.now().toISOString().slice(0, 10);
    res.set('Cache-Control', 'no-store');
    if (query.format === 'csv') {
      res.attachment(`security-log-${stamp}.csv`).type('text/csv; charset=utf-8').send(securityLogCsv(events));
    } else {
      res.attachment(`security-log-${stamp}.json`).type('application/json').send(JSON.stringify({ events }, null, 2));
    }
    return responded;
  });

  return router;
}
