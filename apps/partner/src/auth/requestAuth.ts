import type { Request, RequestHandler, Response } from 'express';
import { loadRequestAuth, requestAuthOf, requireSignedIn, sessionCsrfBinding } from '@recovery/http';
import type { RequestAuth as SessionAuth } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';
import type { PartnerSession } from '../sessions/partnerSessionStore.ts';

export type RequestAuth = SessionAuth<PartnerSession, PartnerUser>;

export const csrfBinding = sessionCsrfBinding;

export function loadAuth(ctx: PartnerContext): RequestHandler {
  return loadRequestAuth(ctx.sessions, (id) => ctx.db.partnerUser.findUnique({ where: { id } }));
}

export function authOf(res: Response): RequestAuth {
  return requestAuthOf<PartnerSession, PartnerUser>(res);
}

/** The partner's CSRF cookie; not the account service's `csrf_token`, as cookies ignore ports. */
export const csrfCookieName = 'partner_csrf';

/**
 * The token to embed in a page's forms: the one already in the cookie while it is still valid
 * for this session (so several open tabs keep working), otherwise a newly issued one.
 */
export function csrfTokenFor(ctx: PartnerContext, req: Request, res: Response): string {
  return ctx.csrf.current(req, res, csrfBinding(req, res));
}

export function requireUser(res: Response): { user: PartnerUser; session: PartnerSession } {
  return requireSignedIn<PartnerSession, PartnerUser>(res);
}
