import { parse } from 'cookie';
import type { Request } from 'express';

/** Reads one cookie from the request without a cookie-parser middleware. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parse(header)[name];
  return value === undefined || value === '' ? undefined : value;
}
