import type { RequestHandler } from 'express';
import { withDatabaseDeadline } from '@recovery/db';

/**
 * Starts a request's database budget (DATABASE_TIMEOUT_MS) when the request arrives: every
 * database call made for it, however many, shares what is left, so the request is answered
 * (503 at worst) within its deadline.
 */
export function databaseDeadline(timeoutMs: number): RequestHandler {
  return (_req, _res, next) => withDatabaseDeadline(Date.now() + timeoutMs, next);
}
