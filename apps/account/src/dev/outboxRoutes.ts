import { Router } from 'express';
import type { AccountContext } from '../context.ts';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The development outbox: every email and SMS the service "sent", newest first, as a page and
 * as JSON (`/dev/outbox?format=json` or `Accept: application/json`). Never mounted in production.
 */
export function outboxRoutes(ctx: AccountContext): Router {
  const router = Router();
  router.get('/dev/outbox', async (req, res, next) => {
    try {
      const to = typeof req.query.to === 'string' ? req.query.to.slice(0, 254) : undefined;
      const messages = await ctx.db.outboxMessage.findMany({
        where: to ? { recipient: to } : {},
        orderBy: { id: 'desc' },
        take: 100,
      });
      const view = messages.map((m) => ({ id: m.id, channel: m.channel, to: m.recipient, subject: m.subject, body: m.body, createdAt: m.createdAt.toISOString() }));
      res.set('Cache-Control', 'no-store');
      if (req.query.format === 'json' || req.accepts(['html', 'json']) === 'json') {
        res.json({ messages: view });
        return;
      }
      const items = view
        .map((m) => `<article><h2>${escapeHtml(m.subject)}</h2><p>${escapeHtml(m.channel)} to ${escapeHtml(m.to)} at <time datetime="${m.createdAt}">${m.createdAt}</time></p><pre>${escapeHtml(m.body)}</pre></article>`)
        .join('\n');
      res.type('html').send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Outbox</title></head><body><main><h1>Outbox</h1><p>Messages sent in development. They never leave this machine.</p>${items || '<p>No messages yet.</p>'}</main></body></html>`,
      );
    } catch (error) {
      next(error);
    }
  });
  return router;
}
