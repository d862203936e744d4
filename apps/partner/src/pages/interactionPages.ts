import type { RecoveryTokenSummary } from '../tokens/listRecoveryTokens.ts';
import { formatDateTime } from './formatDateTime.ts';
import { html } from './html.ts';
import { csrfField } from './layout.ts';
import type { Page } from './layout.ts';

export interface InteractionPageOptions {
  siteName: string;
  csrfToken: string;
  uid: string;
  /** The site asking (the account service's origin). */
  clientSite: string;
  /** The signed-in partner user's display name. */
  userName: string;
  now: Date;
  /**
   * Where the forms post; by default the OAuth interaction's own URLs. The draft's browser
   * protocol (save-token, recover-account) reuses these pages with its own.
   */
  actions?: { save: string; recover: string; cancel: string };
}

function actionsOf(options: InteractionPageOptions): { save: string; recover: string; cancel: string } {
  return options.actions ?? { save: `/interaction/${options.uid}/save`, recover: `/interaction/${options.uid}/recover`, cancel: `/interaction/${options.uid}/cancel` };
}

function cancelForm(options: InteractionPageOptions) {
  return html`<form method="post" action="${actionsOf(options).cancel}" class="inline-form">
${csrfField(options.csrfToken)}
<button type="submit" class="button-secondary">Cancel</button>
</form>`;
}

/** "Save as …": what is being saved, for which site and when, before anything is stored. */
export function saveConfirmationPage(options: InteractionPageOptions): Page {
  return {
    title: 'Save a recovery token',
    main: html`<h1>Save a recovery token for ${options.clientSite}</h1>
<p>${options.clientSite} wants to keep an account recovery token with your ${options.siteName} account, ${options.userName}.</p>
<dl class="details">
<dt>For which site</dt><dd>${options.clientSite}</dd>
<dt>When</dt><dd>${formatDateTime(options.now)}</dd>
<dt>What is saved</dt><dd>One recovery token signed by ${options.clientSite}. Its contents are encrypted: ${options.siteName} cannot read them and does not learn your username there.</dd>
</dl>
<p>If you ever lose access to your account at ${options.clientSite}, you can come back here, sign in, and have ${options.siteName} vouch for this token so ${options.clientSite} can help you recover your account.</p>
<form method="post" action="${actionsOf(options).save}" class="stack">
${csrfField(options.csrfToken)}
<button type="submit">Save as ${options.siteName}</button>
</form>
${cancelForm(options)}`,
  };
}

/** The recovery step: the user's tokens for the asking site, one button each. */
export function tokenPickerPage(options: InteractionPageOptions & { tokens: RecoveryTokenSummary[] }): Page {
  const list = options.tokens.length
    ? html`<ul class="token-list">
${options.tokens.map(
  (token) => html`<li>
<form method="post" action="${actionsOf(options).recover}" class="token-choice">
${csrfField(options.csrfToken)}
<input type="hidden" name="tokenId" value="${token.id}">
<p id="token-${token.id}">Token for ${token.issuer}, saved ${formatDateTime(token.savedAt)}${
    token.lastCountersignedAt ? html`, last used ${formatDateTime(token.lastCountersignedAt)}` : null
  }</p>
<button type="submit" aria-describedby="token-${token.id}">Use this token</button>
</form>
</li>`,
)}
</ul>`
    : html`<p>You have no recovery tokens saved for ${options.clientSite} in this ${options.siteName} account. Check that you signed in to the right account.</p>`;
  return {
    title: 'Recover your account',
    main: html`<h1>Recover your account at ${options.clientSite}</h1>
<p>Choose the recovery token ${options.clientSite} saved with your ${options.siteName} account, ${options.userName}. ${options.siteName} will vouch for it so ${options.clientSite} can help you back into your account.</p>
${list}
${cancelForm(options)}`,
  };
}
