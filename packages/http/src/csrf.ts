import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import { readCookie } from './cookies.ts';
import { constantTimeEqual, hmacHex, randomToken } from './secrets.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfOptions {
  key: Uint8Array;
  /** Origins allowed to send state changes (the service's own public origin). */
  allowedOrigins: string[];
  secureCookies: boolean;
  cookieName?: string;
  headerName?: string;
  /** Form field carrying the token on server-rendered forms. */
  fieldName?: string;
}

/**
 * CSRF protection for every state change, in three layers: the request's Origin (when sent) must
 * be our own; the browser must not label it cross-site; and it must carry a token that is an
 * HMAC over the current session (signed double-submit), so a token from another session, or one
 * planted in a cookie by a sibling domain, is refused.
 */
export class CsrfProtection {
  readonly cookieName: string;
  private readonly headerName: string;
  private readonly fieldName: string;

  constructor(private readonly options: CsrfOptions) {
    this.cookieName = options.cookieName ?? 'csrf_token';
    this.headerName = options.headerName ?? 'x-csrf-token';
    this.fieldName = options.fieldName ?? '_csrf';
  }

  /** A token for the session `binding` (its id hash, or "anonymous"), also set as a readable cookie. */
  issue(res: Response, binding: string): string {
    const nonce = randomToken(16);
    const token = `${nonce}.${hmacHex(this.options.key, `${binding}.${nonce}`)}`;
    res.cookie(this.cookieName, token, { httpOnly: false, sameSite: 'strict', secure: this.options.secureCookies, path: '/' });
    return token;
  }

  /**
   * The token for `binding`: the one the request's cookie holds while it is still valid for it,
   * otherwise a new one. Reading the session again must not rotate a good token: a state change
   * the page sends while that read is in flight carries the old token in its header, and the
   * browser would pair it with the new cookie (a 403 that a busy machine makes likely).
   */
  current(req: Request, res: Response, binding: string): string {
    const cookie = readCookie(req, this.cookieName);
    if (cookie && this.isValid(cookie, binding)) return cookie;
    return this.issue(res, binding);
  }

  isValid(token: string | undefined, binding: string): boolean {
    if (!token || token.length > 200) return false;
    const [nonce, mac] = token.split('.');
    if (!nonce || !mac) return false;
    return constantTimeEqual(mac, hmacHex(this.options.key, `${binding}.${nonce}`));
  }

  verify(req: Request, binding: string): void {
    const origin = req.get('origin');
    if (origin !== undefined && origin !== 'null' && !this.options.allowedOrigins.includes(origin)) {
      throw new AppError('csrf_failed', 'Cross-origin requests cannot change anything');
    }
    if (origin === 'null' || req.get('sec-fetch-site') === 'cross-site') {
      throw new AppError('csrf_failed', 'Cross-site requests cannot change anything');
    }
    const body: unknown = req.body;
    const fromForm = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[this.fieldName] : undefined;
    const token = req.get(this.headerName) ?? (typeof fromForm === 'string' ? fromForm : undefined);
    const cookie = readCookie(req, this.cookieName);
    // The header/field must match the cookie (double submit) and be signed for this session.
    if (!token || !cookie || !constantTimeEqual(token, cookie) || !this.isValid(token, binding)) {
      throw new AppError('csrf_failed', 'The CSRF token is missing or does not match this session; reload and try again');
    }
  }

  /** Checks every unsafe request; `bindingOf` names the session the token must belong to. */
  middleware(bindingOf: (req: Request, res: Response) => string): RequestHandler {
    return (req, res, next) => {
      if (!unsafeMethods.has(req.method)) {
        next();
        return;
      }
      try {
        this.verify(req, bindingOf(req, res));
        next();
      } catch (error) {
        next(error);
      }
    };
  }
}
