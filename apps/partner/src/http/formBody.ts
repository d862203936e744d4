import express from 'express';
import type { RequestHandler } from 'express';
import { AppError } from '@recovery/core/errors';

/**
 * Small url-encoded form bodies only, for the server-rendered pages' POSTs. Flat fields (no
 * `a[b]` nesting), a handful of them; any other media type is refused rather than read as an
 * empty body. Mounted per route, so the OIDC provider and JSON APIs keep their own parsing.
 */
export function formBody(limit = '16kb', parameterLimit = 20): RequestHandler[] {
  const parse = express.urlencoded({ extended: false, limit, parameterLimit, type: 'application/x-www-form-urlencoded' });
  const requireForm: RequestHandler = (req, _res, next) => {
    const hasBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if ((hasBody || chunked) && !req.is('application/x-www-form-urlencoded')) {
      next(new AppError('unsupported_media_type', 'Send the form as application/x-www-form-urlencoded'));
      return;
    }
    next();
  };
  return [requireForm, parse];
}

/** The parsed form as a plain record (empty when there was no body). */
export function formFields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * A text field as a string for validation: a missing field reads as empty, so it gets the
 * field's own "is required" message; a repeated field (an array) is passed on to fail validation.
 */
export function fieldValue(fields: Record<string, unknown>, name: string): unknown {
  const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
  return value === undefined ? '' : value;
}

/** A field's value to show again in the form: text only, never anything else. */
export function typedText(fields: Record<string, unknown>, name: string): string {
  const value = Object.hasOwn(fields, name) ? fields[name] : undefined;
  return typeof value === 'string' ? value.slice(0, 512) : '';
}
