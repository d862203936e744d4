import type { ErrorRequestHandler, Request } from 'express';
import type { ErrorBody } from '@recovery/core/errors';
import { errorHandler } from '@recovery/http';
import type { DatabaseHealth } from '@recovery/http';
import type { Logger } from 'pino';
import type { PartnerContext } from '../context.ts';
import { errorPage } from '../pages/errorPage.ts';
import { pageFrame, sendPage } from './sendPage.ts';

/** Paths whose errors are always JSON (machine clients), whatever the Accept header says. */
const defaultJsonPaths = ['/api/', '/healthz', '/readyz', '/.well-known/'];

function wantsPage(req: Request, jsonPaths: string[]): boolean {
  if (jsonPaths.some((prefix) => req.path.startsWith(prefix))) return false;
  return req.accepts(['html', 'json']) === 'html';
}

/**
 * The shared error handler (status mapping, Retry-After, logging of unexpected errors), with
 * its `{ error: { code, message } }` body rendered as an HTML page for browsers. Machine
 * clients, and anything under `jsonPaths`, get the JSON body unchanged.
 */
export function pageErrorHandler(ctx: PartnerContext, logger: Logger, health?: DatabaseHealth, jsonPaths = defaultJsonPaths): ErrorRequestHandler {
  const shared = errorHandler(logger, health);
  return (error, req, res, next) => {
    if (wantsPage(req, jsonPaths)) {
      res.json = ((body: ErrorBody) => {
        let frame;
        try {
          frame = pageFrame(ctx, req, res);
        } catch {
          frame = { siteName: ctx.config.displayName, signedInAs: null, csrfToken: '' };
        }
        sendPage(res, frame, errorPage(res.statusCode, body.error.message), res.statusCode);
        return res;
      }) as typeof res.json;
    }
    shared(error, req, res, next);
  };
}
