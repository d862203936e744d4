import express from 'express';
import type { RequestHandler } from 'express';
import { AppError } from '@recovery/core/errors';

/** A url-encoded form body only (draft §3.2, §3.5); any other media type is refused with 415. */
export function formBody(limit: string): RequestHandler[] {
  const requireForm: RequestHandler = (req, _res, next) => {
    const hasBody = (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') || req.headers['transfer-encoding'] !== undefined;
    next(hasBody && !req.is('application/x-www-form-urlencoded') ? new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded') : undefined);
  };
  return [requireForm, express.urlencoded({ extended: false, limit, parameterLimit: 10, type: 'application/x-www-form-urlencoded' })];
}

/** A string field of a parsed form body. */
export function field(body: unknown, name: string): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
