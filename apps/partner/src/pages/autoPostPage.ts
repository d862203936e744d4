import { html } from './html.ts';
import type { Page } from './layout.ts';

export interface AutoPostPageOptions {
  /** The site the user goes back to (an origin). */
  site: string;
  /** Where the form posts. */
  action: string;
  fields: Record<string, string>;
}

/**
 * "Returning to <site>": a form that POSTs the fields to the other site, sent at once by
 * /static/auto-post.js (the page's policy allows that one script) or by its button.
 */
export function autoPostPage(options: AutoPostPageOptions): Page {
  return {
    title: `Returning to ${options.site}`,
    main: html`<h1>Returning to ${options.site}</h1>
<p>${options.site} will check your recovery token and tell you what happens next.</p>
<form id="auto-post" method="post" action="${options.action}" class="stack">
${Object.entries(options.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button type="submit">Continue to ${options.site}</button>
</form>
<script src="/static/auto-post.js" defer></script>`,
  };
}
