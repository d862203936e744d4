import type { RequestHandler, Response } from 'express';
import { loadRequestAuth, requestAuthOf, requireSignedIn } from '@recovery/http';
import type { RequestAuth } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';

export { sessionCsrfBinding as csrfBinding } from '@recovery/http';

export function loadAuth(ctx: AccountContext): RequestHandler {
  // The session's query brings its user along (see accountSessionStore); read it again only if not.
  return loadRequestAuth(ctx.sessions, (id, session) => (session.user !== undefined ? Promise.resolve(session.user) : ctx.db.user.findUnique({ where: { id } })));
}

export function authOf(res: Response): RequestAuth<AccountSession, User> {
  return requestAuthOf<AccountSession, User>(res);
}

export function requireUser(res: Response): { user: User; session: AccountSession } {
  return requireSignedIn<AccountSession, User>(res);
}
