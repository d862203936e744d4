import { escapeHtml } from './escapeHtml.ts';

export interface RecoveryCancelPageOptions {
  appName: string;
  action: string;
  /** The web UI's stylesheets: the page wears the site's header and sign-in card. */
  stylesheets: readonly string[];
  /** The link's token: then the page offers the button. */
  token?: string;
  message?: string;
  /** The message reports a done cancellation (a success notice), not a dead link. */
  done?: boolean;
}

/**
 * The page behind the email's "cancel this recovery" link. Opening it changes nothing (mail
 * scanners fetch links); its button posts the cancellation. Signed out by design, so the header
 * has only the product name, as the web UI's does for a signed-out visitor.
 */
export function recoveryCancelPage(options: RecoveryCancelPageOptions): string {
  const appName = escapeHtml(options.appName);
  const body = options.token
    ? `<p>Someone started to recover your account. If this was not you, cancel it: two-factor authentication stays on.</p>
<form method="post" action="${escapeHtml(options.action)}" class="stack">
<input type="hidden" name="token" value="${escapeHtml(options.token)}">
<button type="submit" class="button-primary">Cancel the recovery</button>
</form>`
    : `<p${options.done ? ' role="status" class="notice-success"' : ''}>${escapeHtml(options.message ?? '')}</p>
<p class="auth-switch"><a href="/sign-in">Sign in</a></p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>Cancel account recovery – ${appName}</title>
${options.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">\n`).join('')}</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
<div class="container header-bar"><a href="/" class="product-name">${appName}</a></div>
</header>
<main id="main" class="container">
<div class="auth-page">
<h1 class="page-heading">Cancel account recovery</h1>
${body}
</div>
</main>
</body>
</html>
`;
}
