import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import { html } from '../pages/html.ts';
import { layout } from '../pages/layout.ts';

const explanations: Record<string, string> = {
  invalid_request: 'The site that sent you here made a request this service cannot accept.',
  invalid_client: 'The site that sent you here is not registered with this service.',
  invalid_redirect_uri: 'The site that sent you here asked to return to an address that is not registered.',
  session_not_found: 'This request has expired or was already completed. Go back to the site you came from and start again.',
  access_denied: 'The request was not allowed.',
};

/**
 * oidc-provider's errors that cannot be sent back to the client (e.g. an unregistered
 * redirect_uri) as one of the site's own pages: no external fonts or scripts, text escaped.
 */
export function renderOidcError(siteName: string): (ctx: KoaContextWithOIDC, out: ErrorOut) => void {
  return (ctx, out) => {
    const explanation = explanations[out.error] ?? 'This request could not be completed.';
    const page = {
      title: 'Request not accepted',
      main: html`<h1>Request not accepted</h1>
<p>${explanation}</p>
${out.error_description ? html`<p class="hint">${out.error_description}</p>` : null}
<p><a href="/">Go to the home page</a></p>`,
    };
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = layout({ siteName, signedInAs: null, csrfToken: '' }, page).value;
  };
}
