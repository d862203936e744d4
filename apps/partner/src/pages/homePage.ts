import type { Page } from './layout.ts';
import { html } from './html.ts';

export function homePage(siteName: string, signedInAs: string | null): Page {
  if (signedInAs) {
    return {
      title: 'Home',
      main: html`<h1>${siteName}</h1>
<p class="signed-in">Signed in as ${signedInAs}</p>
<ul class="actions">
<li><a href="/recovery-tokens">Recovery tokens</a></li>
</ul>`,
    };
  }
  return {
    title: 'Welcome',
    main: html`<h1>${siteName}</h1>
<p>${siteName} keeps account recovery tokens safe for you.</p>
<ul class="actions">
<li><a href="/sign-in">Sign in</a></li>
<li><a href="/sign-up">Create an account</a></li>
</ul>
<p><a href="/privacy">Privacy</a></p>`,
  };
}
