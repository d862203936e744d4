import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import { readCookie } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';
import type { PartnerSession } from '../sessions/partnerSessionStore.ts';

export interface RequestAuth {
  session: PartnerSession | null;
  user: PartnerUser | null;
}

const key = Symbol('auth');
type WithAuth = Response & { locals: { [key]?: RequestAuth } };

/** Loads the session and its user once per request, before CSRF checks and routes run. */
export function loadAuth(ctx: PartnerContext): RequestHandler {
  return async (req, res, next) => {
    try {
      const session = await ctx.sessions.load(req);
      const user = session?.userId ? await ctx.db.partnerUser.findUnique({ where: { id: session.userId } }) : null;
      (res as WithAuth).locals[key] = { session, user };
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function authOf(res: Response): RequestAuth {
  return (res as WithAuth).locals[key] ?? { session: null, user: null };
}

/** The CSRF binding: the session's id hash, or "anonymous" before sign-in. */
export function csrfBinding(_req: Request, res: Response): string {
  return authOf(res).session?.idHash ?? 'anonymous';
}

/** The partner's CSRF cookie; not the account service's `csrf_token`, as cookies ignore ports. */
export const csrfCookieName = 'partner_csrf';

/**
 * The token to embed in a page's forms: the one already in the cookie while it is still valid
 * for this session (so several open tabs keep working), otherwise a newly issued one.
 */
export function csrfTokenFor(ctx: PartnerContext, req: Request, res: Response): string {
  const binding = csrfBinding(req, res);
  const current = readCookie(req, csrfCookieName);
  if (current && ctx.csrf.isValid(current, binding)) return current;
  return ctx.csrf.issue(res, binding);
}

export function requireUser(res: Response): { user: PartnerUser; session: PartnerSession } {
  const { user, session } = authOf(res);
  if (!user || !session) throw new AppError('unauthenticated', 'Sign in to continue');
  return { user, session };
}
