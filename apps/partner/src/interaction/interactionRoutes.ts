import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import { parseInput } from '@recovery/http';
import type { PartnerUser } from '@recovery/db';
import type { PartnerContext } from '../context.ts';
import type { PartnerSession } from '../sessions/partnerSessionStore.ts';
import { authOf, csrfBinding } from '../auth/requestAuth.ts';
import { fieldValue, formBody, formFields } from '../http/formBody.ts';
import { pageFrame, sendPage } from '../http/sendPage.ts';
import { saveConfirmationPage, tokenPickerPage } from '../pages/interactionPages.ts';
import type { InteractionPageOptions } from '../pages/interactionPages.ts';
import { listRecoveryTokens } from '../tokens/listRecoveryTokens.ts';
import { tokenIdField } from '../tokens/tokenApiSchemas.ts';
import { finishRecover, finishSave, finishWithError } from './finishInteraction.ts';
import { loadInteraction, signedInDuringRequest } from './loadInteraction.ts';
import type { OpenInteraction } from './loadInteraction.ts';
import { clientDisplayName } from './clientDisplayName.ts';
import { needsSignIn } from './needsSignIn.ts';
import { hasRememberedSaveConsent } from './rememberedConsent.ts';

const recoverForm = z.strictObject({ _csrf: z.string(), tokenId: tokenIdField });

interface Ready {
  kind: 'ready';
  open: OpenInteraction & { purpose: 'save' | 'recover' };
  user: PartnerUser;
  session: PartnerSession;
}

/**
 * The pages between oidc-provider's authorization endpoint and its resume step. The partner's
 * own session decides who the user is; they are sent to the sign-in page (and back here) when
 * not signed in, when the client sent prompt=login, when the sign-in is older than max_age,
 * and, to recover, when it is older than five minutes.
 */
export function interactionRoutes(ctx: PartnerContext): Router {
  const router = Router();
  const form = [...formBody(), ctx.csrf.middleware(csrfBinding)];

  /** Loads the interaction and decides: finished with an error, sign in first, or ready. */
  const prepare = async (req: Request, res: Response): Promise<Ready | { kind: 'done' }> => {
    const open = await loadInteraction(ctx, req, res);
    if (open.clientId !== ctx.config.accountClient.clientId) {
      await finishWithError(ctx, req, res, 'access_denied', 'This client may not use the recovery-token store');
      return { kind: 'done' };
    }
    if (open.purpose === 'none' || open.purpose === 'both') {
      await finishWithError(ctx, req, res, 'invalid_scope', 'Request exactly one of the scopes recovery_token.save and recovery_token.recover');
      return { kind: 'done' };
    }
    const { user, session } = authOf(res);
    const freshSignIn = await signedInDuringRequest(open, session);
    if (
      !user ||
      !session ||
      needsSignIn({
        authTime: session.authTime,
        signedInDuringRequest: freshSignIn,
        promptLogin: open.promptLogin,
        maxAgeSeconds: open.maxAgeSeconds,
        purpose: open.purpose,
        now: ctx.now(),
      })
    ) {
      res.redirect(303, `/sign-in?${new URLSearchParams({ return_to: `/interaction/${open.uid}` }).toString()}`);
      return { kind: 'done' };
    }
    return { kind: 'ready', open: { ...open, purpose: open.purpose }, user, session };
  };

  const pageOptions = async (req: Request, res: Response, ready: Ready): Promise<InteractionPageOptions> => {
    const frame = pageFrame(ctx, req, res);
    const clientSite = ctx.config.accountClient.origin;
    return {
      siteName: frame.siteName,
      csrfToken: frame.csrfToken,
      uid: ready.open.uid,
      clientSite,
      clientName: await clientDisplayName(ctx, clientSite),
      userName: ready.user.displayName,
      now: ctx.now(),
    };
  };

  router.get('/interaction/:uid', async (req: Request, res: Response) => {
    const ready = await prepare(req, res);
    if (ready.kind === 'done') return;
    const options = await pageOptions(req, res, ready);
    // "Sign out" on these pages leads back here through the sign-in page.
    const frame = { ...pageFrame(ctx, req, res), returnTo: `/interaction/${ready.open.uid}` };
    if (ready.open.purpose === 'save') {
      if (!ready.open.promptConsent && (await hasRememberedSaveConsent(ctx, ready.user.id, ready.open.clientId, ready.open.accountUser))) {
        await finishSave(ctx, req, res, ready.open, ready.user, ready.session, 'remembered');
        return;
      }
      sendPage(res, frame, saveConfirmationPage(options));
      return;
    }
    const tokens = await listRecoveryTokens(ctx, ready.user.id, ctx.config.allowedTokenIssuers);
    sendPage(res, frame, tokenPickerPage({ ...options, tokens }));
  });

  router.post('/interaction/:uid/save', form, async (req: Request, res: Response) => {
    const ready = await prepare(req, res);
    if (ready.kind === 'done') return;
    if (ready.open.purpose !== 'save') throw new AppError('bad_request', 'This request is not for saving a token');
    await finishSave(ctx, req, res, ready.open, ready.user, ready.session, 'pressed');
  });

  router.post('/interaction/:uid/recover', form, async (req: Request, res: Response) => {
    const fields = formFields(req.body);
    const input = parseInput(recoverForm, { _csrf: fieldValue(fields, '_csrf'), tokenId: fieldValue(fields, 'tokenId') }, 'form');
    const ready = await prepare(req, res);
    if (ready.kind === 'done') return;
    if (ready.open.purpose !== 'recover') throw new AppError('bad_request', 'This request is not for recovering an account');
    await finishRecover(ctx, req, res, ready.open, ready.user, ready.session, input.tokenId);
  });

  router.post('/interaction/:uid/cancel', form, async (req: Request, res: Response) => {
    await loadInteraction(ctx, req, res);
    await finishWithError(ctx, req, res, 'access_denied', 'The user cancelled the request');
  });

  return router;
}
