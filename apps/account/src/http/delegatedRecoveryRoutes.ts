import { Router } from 'express';
import type { Request, Response } from 'express';
import { AppError, isAppError } from '@recovery/core/errors';
import { recoveryReturnErrorOf } from '@recovery/core/recoveryReturnErrors';
import { clientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { authOf, requireUser } from '../auth/requestAuth.ts';
import { CONTINUE_RECOVERY_PATH, RECOVER_ACCOUNT_RETURN_PATH, SAVE_TOKEN_RETURN_PATH, SEND_TOKEN_PATH } from '../recoveryTokens/delegatedPaths.ts';
import { continueDelegatedRecovery, holdCountersignedToken } from '../recoveryTokens/delegatedRecover.ts';
import { finishDelegatedSave, tokenToSend } from '../recoveryTokens/delegatedSave.ts';
import type { RecoveryDependencies } from '../recoveryTokens/recoveryDependencies.ts';
import { AUTO_POST_SCRIPT_PATH, autoPostScript, sendTokenPage } from './sendTokenPage.ts';
import { field, formBody } from './formBody.ts';


/**
 * Where a browser lands when something goes wrong: the page it came from, with a code. Rule (as
 * on the OAuth path): the address carries a code, never text; the page shows our words for it.
 */
function errorRedirect(ctx: AccountContext, res: Response, error: unknown, target: 'save' | 'recover'): void {
  if (!isAppError(error)) ctx.logger.error({ err: error }, 'delegated recovery endpoint failed');
  const code = isAppError(error) ? recoveryReturnErrorOf(error.code) : 'failed';
  res.redirect(303, target === 'save' ? `/settings/security?recovery_error=${code}#recovery-tokens` : `/sign-in?recovery_error=${code}`);
}

/**
 * The draft's endpoints that receive cross-site form POSTs, mounted before the JSON body parser
 * and the CSRF rule (the draft's architecture is deliberate cross-origin POSTs, §6.5). Neither
 * acts on the POST itself: each continues as a same-site GET that carries this browser's
 * cookies, where the binding to the browser is checked.
 */
export function delegatedEntryRoutes(ctx: AccountContext): Router {
  const router = Router();

  // Draft §3.2: GET and POST. The POST continues as the GET with the same two parameters.
  router.post(SAVE_TOKEN_RETURN_PATH, ...formBody('8kb'), (req: Request, res: Response) => {
    const query = new URLSearchParams();
    for (const name of ['status', 'state']) {
      const value = field(req.body, name) ?? (typeof req.query[name] === 'string' ? req.query[name] : undefined);
      if (value !== undefined) query.set(name, value);
    }
    res.redirect(303, `${SAVE_TOKEN_RETURN_PATH}?${query.toString()}`);
  });

  // Draft §3.5: POST only, form-encoded `countersigned-token`. Both reference implementations
  // (darrrr, Facebook's SDK) send it as `token`, so either name is taken; two different values
  // are ambiguous and refused.
  router.post(RECOVER_ACCOUNT_RETURN_PATH, ...formBody('64kb'), async (req: Request, res: Response) => {
    try {
      const named = field(req.body, 'countersigned-token');
      const short = field(req.body, 'token');
      if (named !== undefined && short !== undefined && named.trim() !== short.trim()) {
        throw new AppError('bad_request', 'The form fields countersigned-token and token hold different tokens');
      }
      const token = named ?? short;
      if (!token) throw new AppError('bad_request', 'Send the countersigned token as the form field countersigned-token (or token)');
      res.redirect(303, await holdCountersignedToken(ctx, token.trim(), clientInfo(req)));
    } catch (error) {
      errorRedirect(ctx, res, error, 'recover');
    }
  });

  router.get(RECOVER_ACCOUNT_RETURN_PATH, (_req: Request, res: Response) => {
    res.set('Allow', 'POST');
    throw new AppError('bad_request', 'recover-account-return accepts only a form POST');
  });

  router.get(AUTO_POST_SCRIPT_PATH, (_req: Request, res: Response) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=3600').send(autoPostScript);
  });
  return router;
}

/** The same-site halves, after sessions are loaded. */
export function delegatedRecoveryRoutes(ctx: AccountContext, deps: RecoveryDependencies): Router {
  const router = Router();

  router.get(SEND_TOKEN_PATH, async (req: Request, res: Response) => {
    try {
      const { user } = requireUser(res);
      const partner = ctx.config.partner!;
      const send = await tokenToSend(ctx, deps, req, user);
      // This page alone may post to the partner; it is never framed (clickjacking, draft §6.5).
      res.set(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self' ${new URL(send.action).origin}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'`,
      );
      res.set('Cache-Control', 'no-store').type('html').send(sendTokenPage({ partnerName: partner.name, partnerOrigin: partner.url, ...send }));
    } catch (error) {
      errorRedirect(ctx, res, error, 'save');
    }
  });

  router.get(SAVE_TOKEN_RETURN_PATH, async (req: Request, res: Response) => {
    try {
      await finishDelegatedSave(ctx, req, res, authOf(res).user ?? undefined, { status: req.query.status, state: req.query.state }, clientInfo(req));
      res.redirect(303, '/settings/security?recovery_token=saved#recovery-tokens');
    } catch (error) {
      errorRedirect(ctx, res, error, 'save');
    }
  });

  router.get(CONTINUE_RECOVERY_PATH, async (req: Request, res: Response) => {
    try {
      const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : '';
      if (!ticket || ticket.length > 200) throw new AppError('expired', 'This recovery attempt expired; start again');
      await continueDelegatedRecovery(ctx, deps, req, ticket, clientInfo(req));
      res.redirect(303, '/recovery/started');
    } catch (error) {
      errorRedirect(ctx, res, error, 'recover');
    }
  });

  return router;
}
