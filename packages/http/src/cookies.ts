import { parse } from 'cookie';
import type { Request } from 'express';

/** Reads one cookie from the request without a cookie-parser middleware. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parse(header)[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The `__Host-` prefix whenever cookies are Secure (an https public URL): the browser then refuses
 * the cookie unless it is Secure, host-only and for path `/`, so a sibling subdomain or a plain-http
 * page cannot plant or overwrite it (session fixation, CSRF cookie tossing).
 */
export function hostCookieName(name: string, secure: boolean): string {
  return secure ? `__Host-${name}` : name;
}
