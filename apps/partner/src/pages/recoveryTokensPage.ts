import type { RecoveryTokenSummary } from '../tokens/listRecoveryTokens.ts';
import { formatDateTime } from './formatDateTime.ts';
import { html } from './html.ts';
import { csrfField } from './layout.ts';
import type { Page } from './layout.ts';

/** "Recovery tokens": the signed-in user's saved tokens, each with a Delete button. */
export function recoveryTokensPage(options: { siteName: string; csrfToken: string; tokens: RecoveryTokenSummary[] }): Page {
  const rows = options.tokens.map(
    (token) => html`<tr>
<td id="token-${token.id}">${token.issuer}</td>
<td id="token-${token.id}-saved">${formatDateTime(token.savedAt)}</td>
<td>${token.lastCountersignedAt ? formatDateTime(token.lastCountersignedAt) : 'Never'}</td>
<td><form method="post" action="/recovery-tokens/${token.id}/delete" class="inline-form">${csrfField(options.csrfToken)}<button type="submit" class="button-secondary" aria-describedby="token-${token.id} token-${token.id}-saved">Delete</button></form></td>
</tr>`,
  );
  return {
    title: 'Recovery tokens',
    main: html`<h1>Recovery tokens</h1>
<p>Sites you use can save an account recovery token with ${options.siteName}. If you lose access to your account at one of them, sign in here to vouch for its token. The tokens are encrypted by the site that made them: ${options.siteName} cannot read them.</p>
${
  options.tokens.length
    ? html`<table class="token-table">
<caption class="visually-hidden">Your saved recovery tokens</caption>
<thead><tr><th scope="col">Site</th><th scope="col">Saved</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`
    : html`<p>You have no recovery tokens yet.</p>`
}`,
  };
}
