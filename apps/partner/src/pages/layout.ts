import { html } from './html.ts';
import type { Html } from './html.ts';
import { withReturnTo } from './withReturnTo.ts';

/** What every page's frame needs to know about the request. */
export interface PageFrame {
  siteName: string;
  /** The signed-in user's display name, or null. */
  signedInAs: string | null;
  /** The CSRF token for forms on this page (the header's "Sign out" button). */
  csrfToken: string;
  /** The flow being followed (a safe relative path), kept by the header's Sign in and Sign up links. */
  returnTo?: string | undefined;
}

export interface Page {
  title: string;
  main: Html;
}

export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** The document: one stylesheet from this origin, no scripts, no inline styles (CSP `default-src 'self'`). */
export function layout(frame: PageFrame, page: Page): Html {
  const nav = frame.signedInAs
    ? // The flow survives signing out: the partner's sign-in page comes next, then the flow again.
      html`<form method="post" action="/sign-out" class="inline-form">${csrfField(frame.csrfToken)}${
        frame.returnTo ? html`<input type="hidden" name="return_to" value="${frame.returnTo}">` : null
      }<button type="submit" class="button-secondary">Sign out</button></form>`
    : html`<ul class="nav-links"><li><a href="${withReturnTo('/sign-in', frame.returnTo)}">Sign in</a></li><li><a href="${withReturnTo('/sign-up', frame.returnTo)}">Sign up</a></li></ul>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${frame.siteName}</title>
<link rel="stylesheet" href="/static/partner.css">
</head>
<body>
<header class="site-header">
<a class="site-name" href="/">${frame.siteName}</a>
<nav aria-label="Account">${nav}</nav>
</header>
<main id="main" class="content">
${page.main}
</main>
</body>
</html>
`;
}
