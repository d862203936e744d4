import type { Request, Response } from 'express';
import type { PartnerContext } from '../context.ts';
import { authOf, csrfTokenFor } from '../auth/requestAuth.ts';
import { layout } from '../pages/layout.ts';
import type { Page, PageFrame } from '../pages/layout.ts';

/** The frame for this request: who is signed in and a CSRF token for the page's forms. */
export function pageFrame(ctx: PartnerContext, req: Request, res: Response): PageFrame {
  const { user } = authOf(res);
  return { siteName: ctx.config.displayName, signedInAs: user?.displayName ?? null, csrfToken: csrfTokenFor(ctx, req, res) };
}

/** Renders a page in the site's frame. Pages carry CSRF tokens and personal data: never cached. */
export function sendPage(res: Response, frame: PageFrame, page: Page, status = 200): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(layout(frame, page).value);
}
