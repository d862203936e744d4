import { Router } from 'express';
import type { Request, Response } from 'express';
import { AppError } from '@recovery/core/errors';
import type { PartnerContext } from '../context.ts';
import { authOf, csrfBinding, requireUser } from '../auth/requestAuth.ts';
import { formBody } from '../http/formBody.ts';
import { pageFrame, sendPage } from '../http/sendPage.ts';
import { recoveryTokensPage } from '../pages/recoveryTokensPage.ts';
import { deleteRecoveryToken } from './deleteRecoveryToken.ts';
import { listRecoveryTokens } from './listRecoveryTokens.ts';
import { tokenIdField } from './tokenApiSchemas.ts';

/** "Recovery tokens": the signed-in user's own tokens, and deleting them. */
export function recoveryTokenPageRoutes(ctx: PartnerContext): Router {
  const router = Router();
  const form = [...formBody(), ctx.csrf.middleware(csrfBinding)];

  router.get('/recovery-tokens', async (req: Request, res: Response) => {
    const { user } = authOf(res);
    if (!user) {
      res.redirect(303, `/sign-in?${new URLSearchParams({ return_to: '/recovery-tokens' }).toString()}`);
      return;
    }
    const frame = pageFrame(ctx, req, res);
    sendPage(res, frame, recoveryTokensPage({ siteName: frame.siteName, csrfToken: frame.csrfToken, tokens: await listRecoveryTokens(ctx, user.id) }));
  });

  router.post('/recovery-tokens/:id/delete', form, async (req: Request, res: Response) => {
    const { user } = requireUser(res);
    const id = tokenIdField.safeParse(req.params.id);
    if (!id.success) throw new AppError('not_found', 'There is no such recovery token');
    await deleteRecoveryToken(ctx, user.id, id.data);
    res.redirect(303, '/recovery-tokens');
  });

  return router;
}
