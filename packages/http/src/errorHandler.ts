import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, errorBody } from '@recovery/core/errors';
import type { Logger } from 'pino';
import type { DatabaseHealth } from './databaseHealth.ts';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/** Maps errors raised by body parsing (before any route runs) to the API's error codes. */
function fromBodyParser(error: BodyParserError): AppError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'The request body is too large');
    case 'entity.parse.failed':
      return new AppError('invalid_json', 'The request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', 'The request body encoding is not supported');
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
    case 'parameters.too.many':
      return new AppError('bad_request', 'The request body could not be read');
    default:
      return undefined;
  }
}

/** What went wrong underneath, in one line: the messages of an error and its causes, no stack. */
function reasonOf(cause: unknown): string | undefined {
  const parts: string[] = [];
  for (let at = cause, depth = 0; at instanceof Error && depth < 3; at = at.cause, depth++) {
    const code = (at as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${at.message} (${code})` : at.message);
  }
  return parts.length ? parts.join(': ').slice(0, 300) : undefined;
}

/**
 * The last middleware: every error becomes `{ error: { code, message } }` with its status.
 * Anything unexpected is logged (without the request body) and answered with a plain 500; with
 * `health`, an error that is the database being unavailable is answered 503 with Retry-After.
 */
export function errorHandler(logger: Logger, health?: Pick<DatabaseHealth, 'unavailable' | 'unavailableError'>): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let appError: AppError | undefined = error instanceof AppError ? error : undefined;
    // A database outage is the service's honest 503, logged once by DatabaseHealth, not per request.
    const outage = !appError && health !== undefined && health.unavailable(error);
    if (outage) appError = health.unavailableError();
    if (!appError && typeof error === 'object' && error !== null) {
      appError = fromBodyParser(error as BodyParserError);
      const status = (error as BodyParserError).status ?? (error as BodyParserError).statusCode;
      if (!appError && typeof status === 'number' && status >= 400 && status < 500) {
        appError = new AppError('bad_request', 'The request could not be processed');
      }
    }
    if (appError && appError.status >= 500 && appError.retryAfter !== undefined && !outage) {
      // Rule: a 5xx that tells the client when to come back (a partner out of reach) is an
      // expected condition, not our bug: a warning with its reason, no stack trace.
      logger.warn({ errorCode: appError.code, reason: reasonOf(appError.cause), method: req.method, path: req.path }, appError.message);
    } else if (!appError || (appError.status >= 500 && !outage)) {
      logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
      appError = appError ?? new AppError('internal', 'Something went wrong on our side');
    }
    if (appError.retryAfter !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(appError.retryAfter))));
    res.status(appError.status).json(errorBody(appError));
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};
