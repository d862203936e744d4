import express from 'express';
import type { RequestHandler } from 'express';
import { AppError } from '@recovery/core/errors';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * JSON bodies only, small ones only. A body sent with another media type is refused rather
 * than ignored, so a form post from another site cannot reach a JSON route as an empty body.
 */
export function jsonBody(limit = '64kb'): RequestHandler[] {
  const parse = express.json({ limit, strict: true, type: 'application/json' });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (unsafeMethods.has(req.method) && (hasBody || chunked) && !req.is('application/json')) {
      next(new AppError('unsupported_media_type', 'Send the request body as application/json'));
      return;
    }
    next();
  };
  return [requireJson, parse];
}
