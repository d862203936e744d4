import { Router } from 'express';
import type { Request, Response } from 'express';
import { clientDisplayName } from '../interaction/clientDisplayName.ts';
import { z } from 'zod';
import { AppError } from '@recovery/core/errors';
import { normalizeOrigin } from '@recovery/core/token/index';
import { parseInput } from '@recovery/http';
import type { PartnerContext } from '../context.ts';
import { authOf, csrfBinding, requireUser } from '../auth/requestAuth.ts';
import { fieldValue, formBody, formFields } from '../http/formBody.ts';
import { pageFrame, sendPage } from '../http/sendPage.ts';
import { needsSignIn } from '../interaction/needsSignIn.ts';
import { autoPostPage } from '../pages/autoPostPage.ts';
import { errorPage } from '../pages/errorPage.ts';
import { saveConfirmationPage, tokenPickerPage } from '../pages/interactionPages.ts';
import { countersignSavedToken } from '../tokens/countersignRecoveryToken.ts';
import { isKnownBrowser } from '../auth/knownBrowser.ts';
import { listRecoveryTokens } from '../tokens/listRecoveryTokens.ts';
import { checkRecoveryToken, saveRecoveryToken } from '../tokens/saveRecoveryToken.ts';
import { tokenIdField } from '../tokens/tokenApiSchemas.ts';
import { base64LengthFor } from '../tokens/tokenSizes.ts';
import { RECOVER_ACCOUNT_PATH, SAVE_TOKEN_PATH } from '../wellKnown/delegatedRecoveryConfiguration.ts';
import { heldSaveRequest, holdSaveRequest, releaseSaveRequest } from './delegatedSaveRequests.ts';
import { allowFormTargets } from './pageSecurityPolicy.ts';

const CONFIRM_SAVE_PATH = '/delegated-recovery/save-token/confirm';
const CANCEL_SAVE_PATH = '/delegated-recovery/save-token/cancel';
const PICK_TOKEN_PATH = '/delegated-recovery/recover-account/pick';
const CANCEL_RECOVER_PATH = '/delegated-recovery/recover-account/cancel';

/**
 * Draft §3.1: `token`, an optional `state` and `obsoletes`; its other optional parameters are
 * accepted and unused. `obsoletes` may be repeated (our account service names every dead token
 * it knows of, so the next save clears them all); one value is the draft's own form.
 */
const saveTokenForm = z.object({
  token: z.string().min(1, { message: 'is required' }),
  state: z.string().max(2048, { message: 'must be at most 2048 characters' }).optional(),
  obsoletes: z
    .union([z.string(), z.array(z.string()).max(16)])
    .optional()
    .transform((value) => (value === undefined ? [] : (Array.isArray(value) ? value : [value]).filter((id) => id !== '').map((id) => id.toLowerCase())))
    .pipe(z.array(tokenIdField)),
});

/** Draft §3.4: optional `issuer` (an origin) and `id` (a token id in hex). */
const recoverAccountQuery = z.object({
  issuer: z
    .string()
    .optional()
    .transform((value, issue) => {
      if (value === undefined || value === '') return undefined;
      const origin = normalizeOrigin(value);
      if (!origin) issue.addIssue({ code: 'custom', message: 'must be an origin' });
      return origin ?? undefined;
    }),
  id: z
    .string()
    .optional()
    .transform((value) => (value ? value.toLowerCase() : undefined))
    .pipe(tokenIdField.optional()),
});

const pickForm = z.strictObject({ _csrf: z.string(), tokenId: tokenIdField });

function withParams(url: string, params: Record<string, string | null | undefined>): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null) target.searchParams.set(name, value);
  return target.toString();
}

function returnEndpoint(value: string | undefined, issuer: string, name: string): string {
  if (!value) throw new AppError('token_rejected', `${issuer} does not publish a ${name} endpoint`);
  return value;
}

/**
 * The draft's browser protocol (draft-hill-delegated-recovery §3), beside the OAuth transport:
 * - save-token: a cross-site form POST of `token` (and `state`, `obsoletes`), confirmed by the
 *   signed-in user, then back to the issuer's `save-token-return` with `status` and `state`;
 * - recover-account (GET or POST): the user picks a token, which is countersigned and form-POSTed
 *   as `countersigned-token` (and `token`, as the reference implementations read it) to the
 *   issuer's `recover-account-return`.
 * The two cross-site POSTs cannot carry a CSRF token (§6.5): they only ever lead to a page of
 * ours where the signed-in user confirms, and that confirmation is CSRF-protected.
 */
export function delegatedRoutes(ctx: PartnerContext): Router {
  const router = Router();
  const https = ctx.config.publicOrigin.startsWith('https://');
  const crossSiteForm = formBody(String(base64LengthFor(ctx.config.tokenMaxSize) + 8192), 20);
  const form = [...formBody(), ctx.csrf.middleware(csrfBinding)];

  const signIn = (res: Response, returnTo: string): void => {
    res.redirect(303, `/sign-in?${new URLSearchParams({ return_to: returnTo }).toString()}`);
  };
  const methodNotAllowed = (allow: string) => (req: Request, res: Response) => {
    res.set('Allow', allow);
    sendPage(res, pageFrame(ctx, req, res), errorPage(405, `Use ${allow} here`), 405);
  };

  router.get(SAVE_TOKEN_PATH, methodNotAllowed('POST'));

  router.post(SAVE_TOKEN_PATH, ...crossSiteForm, async (req: Request, res: Response) => {
    const fields = formFields(req.body);
    const input = parseInput(saveTokenForm, { token: fieldValue(fields, 'token'), state: fields.state, obsoletes: fields.obsoletes }, 'form');
    // Structure, size, allow-listed issuer, audience and age now; the signature at confirmation.
    const decoded = checkRecoveryToken(ctx, input.token.trim());
    await holdSaveRequest(ctx, res, { issuer: decoded.issuer, token: input.token.trim(), state: input.state, obsoletes: input.obsoletes });
    res.redirect(303, CONFIRM_SAVE_PATH);
  });

  const heldOrExpired = async (req: Request) => {
    const held = await heldSaveRequest(ctx, req);
    if (!held) throw new AppError('expired', 'This request to save a recovery token expired or was already answered; start again at the site that sent you');
    return held;
  };

  router.get(CONFIRM_SAVE_PATH, async (req: Request, res: Response) => {
    const held = await heldOrExpired(req);
    const { user } = authOf(res);
    if (!user) {
      signIn(res, CONFIRM_SAVE_PATH);
      return;
    }
    const issuer = await ctx.issuerConfigurations.get(held.issuer);
    const back = returnEndpoint(issuer.saveTokenReturn, held.issuer, 'save-token-return');
    allowFormTargets(res, [new URL(back).origin], { https });
    const frame = pageFrame(ctx, req, res);
    sendPage(
      res,
      frame,
      saveConfirmationPage({
        siteName: frame.siteName,
        csrfToken: frame.csrfToken,
        uid: '',
        clientSite: held.issuer,
        clientName: issuer.displayName ?? null,
        userName: user.displayName,
        now: ctx.now(),
        actions: { save: CONFIRM_SAVE_PATH, recover: PICK_TOKEN_PATH, cancel: CANCEL_SAVE_PATH },
      }),
    );
  });

  router.post(CONFIRM_SAVE_PATH, form, async (req: Request, res: Response) => {
    const held = await heldOrExpired(req);
    const { user } = requireUser(res);
    const back = returnEndpoint((await ctx.issuerConfigurations.get(held.issuer)).saveTokenReturn, held.issuer, 'save-token-return');
    let status = 'save-success';
    try {
      await saveRecoveryToken(ctx, user.id, held.token, undefined, held.obsoletes ? held.obsoletes.split(',') : []);
    } catch (error) {
      // A refusal is the issuer's answer (save-failure); an outage leaves the request to retry.
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      ctx.logger.info({ userId: user.id, issuer: held.issuer, code: error.code }, 'draft save-token refused');
      status = 'save-failure';
    }
    await releaseSaveRequest(ctx, held, res);
    res.redirect(303, withParams(back, { status, state: held.state }));
  });

  router.post(CANCEL_SAVE_PATH, form, async (req: Request, res: Response) => {
    const held = await heldOrExpired(req);
    const back = returnEndpoint((await ctx.issuerConfigurations.get(held.issuer)).saveTokenReturn, held.issuer, 'save-token-return');
    await releaseSaveRequest(ctx, held, res);
    res.redirect(303, withParams(back, { status: 'save-failure', state: held.state }));
  });

  // Draft §3.4: GET and POST. A cross-site POST carries no session cookie, so it continues as a
  // GET with the same (public) parameters.
  router.post(RECOVER_ACCOUNT_PATH, ...formBody('4kb', 10), (req: Request, res: Response) => {
    const fields = formFields(req.body);
    const query = new URLSearchParams();
    for (const name of ['issuer', 'id']) if (typeof fields[name] === 'string') query.set(name, fields[name]);
    res.redirect(303, `${RECOVER_ACCOUNT_PATH}${query.size ? `?${query.toString()}` : ''}`);
  });

  const freshlySignedIn = (res: Response): boolean => {
    const { user, session } = authOf(res);
    if (!user || !session) return false;
    return !needsSignIn({ authTime: session.authTime, signedInDuringRequest: false, promptLogin: false, maxAgeSeconds: undefined, purpose: 'recover', now: ctx.now() });
  };

  router.get(RECOVER_ACCOUNT_PATH, async (req: Request, res: Response) => {
    const query = parseInput(recoverAccountQuery, { issuer: req.query.issuer, id: req.query.id });
    // Rule: a recovery needs the password entered in the last five minutes, as over OAuth.
    if (!freshlySignedIn(res)) {
      signIn(res, req.originalUrl);
      return;
    }
    const { user } = requireUser(res);
    const allowed = ctx.config.allowedTokenIssuers;
    const issuers = query.issuer ? allowed.filter((issuer) => issuer === query.issuer) : allowed;
    const tokens = (await listRecoveryTokens(ctx, user.id, issuers)).filter((token) => !query.id || token.id === query.id);
    const frame = pageFrame(ctx, req, res);
    const site = query.issuer ?? (allowed.length === 1 ? allowed[0]! : undefined);
    // Only an accepted account provider is looked up for its name (no fetch for any other origin).
    const known = site !== undefined && allowed.includes(site);
    sendPage(
      res,
      frame,
      tokenPickerPage({
        siteName: frame.siteName,
        csrfToken: frame.csrfToken,
        uid: '',
        clientSite: site ?? 'the site',
        clientName: known ? await clientDisplayName(ctx, site) : null,
        userName: user.displayName,
        now: ctx.now(),
        tokens,
        actions: { save: CONFIRM_SAVE_PATH, recover: PICK_TOKEN_PATH, cancel: CANCEL_RECOVER_PATH },
      }),
    );
  });

  router.post(PICK_TOKEN_PATH, form, async (req: Request, res: Response) => {
    const fields = formFields(req.body);
    const input = parseInput(pickForm, { _csrf: fieldValue(fields, '_csrf'), tokenId: fieldValue(fields, 'tokenId') }, 'form');
    if (!freshlySignedIn(res)) {
      signIn(res, RECOVER_ACCOUNT_PATH);
      return;
    }
    const { user } = requireUser(res);
    const saved = await ctx.db.savedRecoveryToken.findFirst({ where: { id: input.tokenId, userId: user.id }, select: { issuer: true } });
    if (!saved) throw new AppError('not_found', 'The picked recovery token no longer exists');
    // Where it goes is settled before anything is countersigned.
    const back = returnEndpoint((await ctx.issuerConfigurations.get(saved.issuer)).recoverAccountReturn, saved.issuer, 'recover-account-return');
    const result = await countersignSavedToken(ctx, user.id, input.tokenId, await isKnownBrowser(ctx, req, user.id));
    allowFormTargets(res, [new URL(back).origin], { script: true, https });
    // The draft names the field `countersigned-token`; darrrr and Facebook's SDK read `token`.
    // Both carry the same token, so every known account provider finds it.
    const returned = { 'countersigned-token': result.countersignedToken, token: result.countersignedToken };
    sendPage(res, pageFrame(ctx, req, res), autoPostPage({ site: result.audience, action: back, fields: returned }));
  });

  router.post(CANCEL_RECOVER_PATH, form, (_req: Request, res: Response) => {
    res.redirect(303, '/recovery-tokens');
  });

  router.get([PICK_TOKEN_PATH, CANCEL_RECOVER_PATH, CANCEL_SAVE_PATH], methodNotAllowed('POST'));
  return router;
}
