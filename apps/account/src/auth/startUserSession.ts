import type { Request, Response } from 'express';
import type { ClientInfo } from '@recovery/http';
import type { User } from '@recovery/db';
import type { AccountContext } from '../context.ts';
import { signInOutcome } from './signInOutcome.ts';

/** Signs the user in, in one transaction (see signInOutcome); returns the new CSRF token. */
export async function startUserSession(
  ctx: AccountContext,
  req: Request,
  res: Response,
  user: User,
  client: ClientInfo,
  options: { newAccount?: boolean } = {},
): Promise<string> {
  const outcome = signInOutcome(ctx, req, user, client, options);
  const done = await ctx.sql.transaction(outcome.steps);
  return outcome.finish(res, done.results);
}
