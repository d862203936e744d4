import { follow, interactionAction, isSignInPage, offeredTokenIds } from '@recovery/partner/testing/oidcFlow';
import type { Followed } from '@recovery/partner/testing/oidcFlow';
import { TestClient as PartnerBrowser, unescapeHtml } from '@recovery/partner/testing/testClient';
import { password } from './accountUsers.ts';

export { PartnerBrowser };

/** A browser at the partner with a new partner account, signed in. */
export async function partnerUser(partnerOrigin: string, username: string): Promise<PartnerBrowser> {
  const browser = new PartnerBrowser(partnerOrigin, 'PartnerBrowser/1.0');
  const res = await browser.signUp(username, password);
  if (res.status !== 303) throw new Error(`partner sign-up failed: ${res.status}`);
  return browser;
}

/** Opens the authorization URL like a browser and signs in when the partner asks (recovery forces it). */
export async function openAtPartner(browser: PartnerBrowser, partnerOrigin: string, authorizationUrl: string, login: string): Promise<Followed> {
  let step = await follow(browser, partnerOrigin, authorizationUrl);
  if (isSignInPage(step.page)) {
    const returnTo = /name="return_to" value="([^"]*)"/.exec(step.page!.text)?.[1] ?? '';
    step = await follow(browser, partnerOrigin, await browser.post('/sign-in', { login, password, return_to: unescapeHtml(returnTo) }));
  }
  return step;
}

/**
 * The user's part at the partner: "Save as …" (save) or picking a token (recover). Returns the
 * callback URL the partner sends the browser back to, which the test then opens at the account.
 */
export async function authoriseAtPartner(
  browser: PartnerBrowser,
  partnerOrigin: string,
  authorizationUrl: string,
  options: { login: string; pickTokenId?: string },
): Promise<URL> {
  const step = await openAtPartner(browser, partnerOrigin, authorizationUrl, options.login);
  const recover = new URL(authorizationUrl).searchParams.get('scope')?.includes('recovery_token.recover') ?? false;
  // A repeat save within ten minutes may skip "Save as …" (the partner remembers the confirmation).
  if (!recover && step.leftTo) return step.leftTo;
  if (!step.page) throw new Error(`left the partner before confirming: ${step.leftTo?.href}`);
  const submitted = recover
    ? await browser.post(interactionAction(step.page, 'recover'), { tokenId: options.pickTokenId ?? offeredTokenIds(step.page)[0] ?? '' })
    : await browser.post(interactionAction(step.page, 'save'));
  const done = await follow(browser, partnerOrigin, submitted);
  if (!done.leftTo) throw new Error(`the partner did not send the browser back (status ${done.page?.status})`);
  return done.leftTo;
}

/** The path and query of a callback URL, to open it at the account service. */
export function pathOf(url: URL): string {
  return url.pathname + url.search;
}
