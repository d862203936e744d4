import { Router } from 'express';
import type { Request, Response } from 'express';
import type { PartnerContext } from '../context.ts';
import { html } from '../pages/html.ts';
import { SAVE_TOKEN_ASYNC_API_PATH, SAVE_TOKEN_PATH } from '../wellKnown/delegatedRecoveryConfiguration.ts';

/**
 * The draft's `save-token-async-api-iframe` (§3.3): a page made to be framed by an account
 * provider, whose script (/static/save-token-async-api.js) answers the draft's postMessage API.
 * Rule (clickjacking, §6.5): this is the one page that may be framed, and only by the account
 * providers this partner accepts tokens from; it shows nothing and takes no click.
 */
export function asyncApiRoutes(ctx: PartnerContext): Router {
  const router = Router();
  const providers = ctx.config.allowedTokenIssuers;
  router.get(SAVE_TOKEN_ASYNC_API_PATH, (_req: Request, res: Response) => {
    res.removeHeader('X-Frame-Options');
    res.set(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        "script-src 'self'",
        "form-action 'self'",
        `frame-ancestors ${providers.length > 0 ? providers.join(' ') : "'none'"}`,
        "base-uri 'none'",
        ...(ctx.config.publicOrigin.startsWith('https://') ? ['upgrade-insecure-requests'] : []),
      ].join('; '),
    );
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Save a recovery token</title>
<script src="/static/save-token-async-api.js" defer></script></head>
<body><form id="save-token" method="post" action="${SAVE_TOKEN_PATH}" target="_top" data-account-providers="${providers.join(' ')}"></form></body></html>`.toString(),
    );
  });
  return router;
}
