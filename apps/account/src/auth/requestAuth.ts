import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import type { AccountSession } from '../sessions/accountSessionStore.ts';

export interface RequestAuth {
  session: AccountSession | null;
  user: User | null;
}

const key = Symbol('auth');
type WithAuth = Response & { locals: { [key]?: RequestAuth } };

/** Loads the session and its user once per request, before CSRF checks and routes run. */
export function loadAuth(ctx: AccountContext): RequestHandler {
  return async (req, res, next) => {
    try {
      const session = await ctx.sessions.load(req);
      const user = session?.userId ? await ctx.db.user.findUnique({ where: { id: session.userId } }) : null;
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
export function csrfBinding(req: Request, res: Response): string {
  return authOf(res).session?.idHash ?? 'anonymous';
}

export function requireUser(res: Response): { user: User; session: AccountSession } {
  const { user, session } = authOf(res);
  if (!user || !session) throw new AppError('unauthenticated', 'Sign in to continue');
  return { user, session };
}
