import { html } from './html.ts';
import type { Page } from './layout.ts';

/** The privacy policy the delegated-recovery configuration points at. */
export function privacyPage(siteName: string): Page {
  return {
    title: 'Privacy',
    main: html`<h1>${siteName} privacy policy</h1>
<p>${siteName} keeps account recovery tokens for the sites you connect, so you can get back into your accounts there.</p>
<h2>What we keep</h2>
<ul>
<li>Your account: username, email address and a salted hash of your password.</li>
<li>Recovery tokens sites saved with your consent: which site, when, and the token itself. A token's contents are encrypted by the site that made it; we cannot read them and never learn your username at that site.</li>
<li>Sign-in sessions and, for security, recent sign-in attempts.</li>
</ul>
<h2>What we share</h2>
<p>With a site you connect: an identifier for you that is different for every site, and, when you ask to recover your account there, that site's own token with our signature. Nothing else, and nothing with anyone else.</p>
<h2>Your choices</h2>
<p>You can see and delete your recovery tokens at any time under Recovery tokens. A deleted token can no longer be used to recover an account.</p>`,
  };
}
