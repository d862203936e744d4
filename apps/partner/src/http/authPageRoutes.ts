import { Router } from 'express';
import { sqlDriverOf } from '@recovery/db';
import type { Request, Response } from 'express';
import { signInRequest, signUpRequest } from '@recovery/core/api/index';
import { AppError } from '@recovery/core/errors';
import { clientInfo, parseInput } from '@recovery/http';
import type { PartnerContext } from '../context.ts';
import { authenticatePassword } from '../auth/authenticatePassword.ts';
import { rememberBrowser } from '../auth/knownBrowser.ts';
import { authOf, csrfBinding } from '../auth/requestAuth.ts';
import { safeReturnTo } from '@recovery/core/safeReturnTo';
import { withReturnTo } from '../pages/withReturnTo.ts';
import { signUp } from '../auth/signUp.ts';
import { startUserSession } from '../auth/startUserSession.ts';
import { forgetSaveConsents } from '../interaction/rememberedConsent.ts';
import { signInPage, signUpPage } from '../pages/authPages.ts';
import type { AuthFormOptions } from '../pages/authPages.ts';
import { emptyForm, formState } from '../pages/forms.ts';
import type { FormState } from '../pages/forms.ts';
import { homePage } from '../pages/homePage.ts';
import type { Page } from '../pages/layout.ts';
import { fieldValue, formBody, formFields, typedText } from './formBody.ts';
import { pageFrame, sendPage } from './sendPage.ts';

/** Errors a form shows next to its fields (or in its summary) instead of an error page. */
const formErrorCodes = new Set(['validation_failed', 'username_taken', 'email_taken', 'invalid_credentials', 'rate_limited']);

function asFormError(error: unknown): AppError | undefined {
  return error instanceof AppError && formErrorCodes.has(error.code) ? error : undefined;
}

/**
 * The partner's own account pages: home, sign up, sign in, sign out. Every POST is a small
 * url-encoded form checked for CSRF (the `_csrf` field, bound to the session) before it runs.
 */
export function authPageRoutes(ctx: PartnerContext): Router {
  const router = Router();
  const form = [...formBody(), ctx.csrf.middleware(csrfBinding)];

  const render = (req: Request, res: Response, view: (options: AuthFormOptions) => Page, state: FormState, returnTo: string | undefined, status = 200): void => {
    // The header's Sign in / Sign up links keep the flow too, so switching forms never loses it.
    const frame = { ...pageFrame(ctx, req, res), returnTo };
    sendPage(res, frame, view({ siteName: frame.siteName, csrfToken: frame.csrfToken, state, returnTo, signedInAs: frame.signedInAs }), status);
  };

  /** Re-renders the form with what went wrong: messages by field, the rest in the summary. */
  const renderFailure = (req: Request, res: Response, view: (options: AuthFormOptions) => Page, error: AppError, values: Record<string, string>, returnTo: string | undefined): void => {
    const issues = error.fields ?? (error.code === 'invalid_credentials' ? [{ path: 'password', message: error.message }] : []);
    const known = new Set(Object.keys(values).concat('password'));
    const fieldIssues = issues.filter((issue) => known.has(issue.path));
    const formErrors = fieldIssues.length > 0 ? [] : [error.message];
    if (error.retryAfter !== undefined) res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfter))));
    render(req, res, view, formState(values, fieldIssues, formErrors), returnTo, error.status);
  };

  router.get('/', (req, res) => {
    const frame = pageFrame(ctx, req, res);
    sendPage(res, frame, homePage(frame.siteName, frame.signedInAs));
  });

  router.get('/sign-up', (req, res) => {
    render(req, res, signUpPage, emptyForm, safeReturnTo(req.query.return_to));
  });

  router.post('/sign-up', form, async (req: Request, res: Response) => {
    const fields = formFields(req.body);
    const returnTo = safeReturnTo(fields.return_to);
    const values = { username: typedText(fields, 'username'), email: typedText(fields, 'email') };
    try {
      const input = parseInput(
        signUpRequest,
        { username: fieldValue(fields, 'username'), email: fieldValue(fields, 'email'), password: fieldValue(fields, 'password') },
        'form',
      );
      const user = await signUp(ctx, input);
      // The browser that created the account is the owner's: known from the start.
      const visit = rememberBrowser(ctx, req, user.id);
      await sqlDriverOf(ctx.db).query(visit.statement);
      visit.setCookie(res);
      await startUserSession(ctx, req, res, user, clientInfo(req));
      res.redirect(303, returnTo ?? '/');
    } catch (error) {
      const failure = asFormError(error);
      if (!failure) throw error;
      renderFailure(req, res, signUpPage, failure, values, returnTo);
    }
  });

  router.get('/sign-in', (req, res) => {
    render(req, res, signInPage, emptyForm, safeReturnTo(req.query.return_to));
  });

  router.post('/sign-in', form, async (req: Request, res: Response) => {
    const fields = formFields(req.body);
    const returnTo = safeReturnTo(fields.return_to);
    const values = { login: typedText(fields, 'login') };
    try {
      const input = parseInput(signInRequest, { login: fieldValue(fields, 'login'), password: fieldValue(fields, 'password') }, 'form');
      const user = await authenticatePassword(ctx, req, res, input.login, input.password, clientInfo(req));
      await startUserSession(ctx, req, res, user, clientInfo(req));
      res.redirect(303, returnTo ?? '/');
    } catch (error) {
      const failure = asFormError(error);
      if (!failure) throw error;
      renderFailure(req, res, signInPage, failure, values, returnTo);
    }
  });

  router.post('/sign-out', form, async (req: Request, res: Response) => {
    const { user } = authOf(res);
    await ctx.sessions.end(req, res);
    if (user) await forgetSaveConsents(ctx, user.id);
    if (user) ctx.logger.info({ userId: user.id }, 'partner user signed out');
    ctx.csrf.issue(res, 'anonymous');
    // Signed out in the middle of a flow ("Save as …"): sign in (as someone else) and carry on.
    const returnTo = safeReturnTo(formFields(req.body).return_to);
    res.redirect(303, returnTo ? withReturnTo('/sign-in', returnTo) : '/');
  });

  return router;
}
