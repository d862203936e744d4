import type { RecoveryTokenSummary } from '../tokens/listRecoveryTokens.ts';
import { formatDateTime } from './formatDateTime.ts';
import { html } from './html.ts';
import { csrfField } from './layout.ts';
import type { Page } from './layout.ts';

export interface InteractionPageOptions {
  siteName: string;
  csrfToken: string;
  uid: string;
  /** The site asking: the account service's origin. */
  clientSite: string;
  /** Its name, from its configuration document (`display-name`), or null when it has none. */
  clientName: string | null;
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

/** "Name (origin)", or the origin alone when the site publishes no name. */
function siteLabel(options: InteractionPageOptions): string {
  return options.clientName ? `${options.clientName} (${options.clientSite})` : options.clientSite;
}

/**
 * "Save as <the user's name here>" (Facebook's "Save as [your name]"): what is being saved, for
 * which site and when, before anything is stored.
 */
export function saveConfirmationPage(options: InteractionPageOptions): Page {
  const site = options.clientName ?? options.clientSite;
  return {
    title: 'Save a recovery token',
    main: html`<h1>Save a recovery token for ${site}</h1>
<p>${siteLabel(options)} wants to keep an account recovery token with your ${options.siteName} account, ${options.userName}.</p>
<dl class="details">
<dt>For which site</dt><dd>${site}${options.clientName ? html`<br><span class="hint">${options.clientSite}</span>` : null}</dd>
<dt>Saved in</dt><dd>Your ${options.siteName} account, ${options.userName}</dd>
<dt>When</dt><dd>${formatDateTime(options.now)}</dd>
<dt>What is saved</dt><dd>One recovery token signed by ${site}. Its contents are encrypted: ${options.siteName} cannot read them and does not learn your username there.</dd>
</dl>
<p>If you ever lose access to your account at ${site}, you can come back here, sign in, and have ${options.siteName} vouch for this token so ${site} can help you recover your account.</p>
<form method="post" action="${actionsOf(options).save}" class="stack">
${csrfField(options.csrfToken)}
<button type="submit">Save as ${options.userName}</button>
</form>
${cancelForm(options)}`,
  };
}

/**
 * A token recovers an account once: one this partner already countersigned has most likely been
 * spent. Those not used yet come first; a used one stays offered (the earlier attempt may have
 * failed before it was spent) but says so.
 */
function unusedFirst(tokens: RecoveryTokenSummary[]): RecoveryTokenSummary[] {
  return [...tokens.filter((token) => !token.lastCountersignedAt), ...tokens.filter((token) => token.lastCountersignedAt)];
}

/** The recovery step: the user's tokens for the asking site, one button each. */
export function tokenPickerPage(options: InteractionPageOptions & { tokens: RecoveryTokenSummary[] }): Page {
  const list = options.tokens.length
    ? html`<ul class="token-list">
${unusedFirst(options.tokens).map(
  (token) => html`<li>
<form method="post" action="${actionsOf(options).recover}" class="token-choice">
${csrfField(options.csrfToken)}
<input type="hidden" name="tokenId" value="${token.id}">
<p id="token-${token.id}">Token for ${token.issuer}, saved ${formatDateTime(token.savedAt)}. ${
    token.lastCountersignedAt
      ? html`<span class="badge badge-attention">Already used ${formatDateTime(token.lastCountersignedAt)}</span> A token works once, so this one probably cannot recover your account again.`
      : html`<span class="badge badge-on">Not used yet</span>`
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
