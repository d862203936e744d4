import { Router } from 'express';
import type { Response } from 'express';
import { isAppError } from '@recovery/core/errors';
import { clientInfo } from '@recovery/http';
import type { AccountContext } from '../context.ts';
import { RECOVERY_CANCEL_PATH, cancelRecoveryByLink, recoveryCancelLinkValid } from '../accountRecovery/recoveryCancelLink.ts';
import { notifyRecoveryCancelled } from '../accountRecovery/recoveryRequests.ts';
import { field, formBody } from './formBody.ts';
import { recoveryCancelPage } from './recoveryCancelPage.ts';
import { webStylesheets } from './webStylesheets.ts';

const expiredMessage = 'This link has expired or was already used. If a recovery is still running, sign in and cancel it under Settings → Security.';

/**
 * The emailed link that cancels a recovery without signing in. GET only shows a button (no state
 * change: mail scanners prefetch links); the POST, carrying the link's single-use token, cancels.
 * No session, so no CSRF token: the unguessable token is the proof, and a forged post cannot know it.
 */
export function recoveryCancelRoutes(ctx: AccountContext): Router {
  const router = Router();
  const stylesheets = webStylesheets(ctx.config.webDist);
  const page = (res: Response, status: number, options: { token?: string; message?: string; done?: boolean }) => {
    res.status(status).set('Cache-Control', 'no-store').type('html').send(recoveryCancelPage({ appName: ctx.config.appName, action: RECOVERY_CANCEL_PATH, stylesheets, ...options }));
  };

  router.get(RECOVERY_CANCEL_PATH, async (req, res) => {
    const token = typeof req.query.token === 'string' && req.query.token.length <= 128 ? req.query.token : '';
    if (token && (await recoveryCancelLinkValid(ctx, token))) page(res, 200, { token });
    else page(res, 404, { message: expiredMessage });
  });

  router.post(RECOVERY_CANCEL_PATH, ...formBody('4kb'), async (req, res) => {
    const token = field(req.body, 'token') ?? '';
    if (!token || token.length > 128) return page(res, 404, { message: expiredMessage });
    try {
      const user = await cancelRecoveryByLink(ctx, token, clientInfo(req));
      await notifyRecoveryCancelled(ctx, user);
    } catch (error) {
      if (isAppError(error) && error.code === 'not_found') return page(res, 404, { message: expiredMessage });
      throw error;
    }
    page(res, 200, { done: true, message: 'The recovery is cancelled. Two-factor authentication stays on. If you did not start it, change your password.' });
  });

  return router;
}
