import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { StoredSession } from './sessions.ts';

export interface RequestAuth<S, U> {
  session: S | null;
  user: U | null;
}

const key = Symbol('requestAuth');
type WithAuth = Response & { locals: { [key]?: RequestAuth<unknown, unknown> } };

/** Loads the session and its user once per request, before CSRF checks and routes run. */
export function loadRequestAuth<S extends StoredSession, U>(
  sessions: { load(req: Request): Promise<S | null> },
  findUser: (id: string, session: S) => Promise<U | null>,
): RequestHandler {
  return async (req, res, next) => {
    try {
      const session = await sessions.load(req);
      const user = session?.userId ? await findUser(session.userId, session) : null;
      (res as WithAuth).locals[key] = { session, user };
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** What loadRequestAuth found for this request (the service names the types it stores). */
export function requestAuthOf<S, U>(res: Response): RequestAuth<S, U> {
  return ((res as WithAuth).locals[key] ?? { session: null, user: null }) as RequestAuth<S, U>;
}

export function requireSignedIn<S, U>(res: Response): { user: U; session: S } {
  const { user, session } = requestAuthOf<S, U>(res);
  if (!user || !session) throw new AppError('unauthenticated', 'Sign in to continue');
  return { user, session };
}

/** The CSRF binding: the session's id hash, or "anonymous" before sign-in. */
export function sessionCsrfBinding(_req: Request, res: Response): string {
  return requestAuthOf<StoredSession, unknown>(res).session?.idHash ?? 'anonymous';
}
