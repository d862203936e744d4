import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Operation } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { clientInfo, parseInput } from '@recovery/http';
import type { ClientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { renewSudo, requireSudo } from '../auth/sudo.ts';
import { sudoRenewedInOutcome } from '../auth/renewSudoIn.ts';
import { requireUser } from '../auth/requestAuth.ts';
import { isTwoFactorEnabled } from '../twoFactor/manageTwoFactor.ts';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<O extends Operation> {
  body: Parsed<O['body']>;
  query: Parsed<O['query']>;
  params: Parsed<O['params']>;
  client: ClientInfo;
  req: Request;
  res: Response;
}

/** What an operation without a body schema accepts: nothing, or an empty JSON object. */
const noBody = z.strictObject({});

/** Tells addRoute that the handler wrote the response itself (downloads). */
export const responded = Symbol('responded');

/**
 * Mounts one operation: access rule first (session, sudo or staff), then input validated against
 * the operation's own schemas, then the handler. Routes stay thin; rules live in modules.
 */
export function addRoute<O extends Operation>(
  router: Router,
  ctx: AccountContext,
  operation: O,
  handler: (input: RouteInput<O>) => Promise<unknown>,
): void {
  router[operation.method](operation.path, async (req, res, next) => {
    try {
      const sudo = operation.access === 'sudo' || operation.access === 'staffSudo';
      if (operation.access !== 'public') {
        const { user, session } = requireUser(res);
        if (operation.access === 'staff' || operation.access === 'staffSudo') {
          // Rule: staff accounts always have 2FA; a staff account without it gets no staff powers.
          if (user.role !== 'staff' || !(session.twoFactorOn ?? (await isTwoFactorEnabled(ctx, user.id)))) throw new AppError('forbidden', 'Only support staff can do this');
        }
        // Rule: changing a recovery method, or approving the removal of someone's 2FA, needs sudo mode.
        if (sudo) requireSudo(ctx, session);
      }
      // Rule: bad input gets a 4xx and changes nothing, so a body sent to an operation that takes none is refused, not ignored.
      const body = parseInput(operation.body ?? noBody, req.body ?? {}, 'request body');
      const input = {
        body: operation.body ? body : undefined,
        query: operation.query ? parseInput(operation.query, req.query, 'query') : undefined,
        params: operation.params ? parseInput(operation.params, req.params, 'path') : undefined,
        client: clientInfo(req),
        req,
        res,
      } as RouteInput<O>;
      const result = await handler(input);
      // Rule: only a sensitive action that succeeded renews sudo mode: in its outcome's commit
      // where the handler wrote it there (renewSudoIn), otherwise now.
      if (sudo) {
        const renewed = sudoRenewedInOutcome(res);
        if (renewed) requireUser(res).session.sudoUntil = renewed;
        else await renewSudo(ctx, requireUser(res).session);
      }
      if (result === responded) return;
      const status = operation.status ?? (result === undefined ? 204 : 200);
      if (result === undefined) res.status(status).end();
      else res.status(status).json(result);
    } catch (error) {
      next(error);
    }
  });
}
