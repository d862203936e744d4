import * as client from 'openid-client';
import type { Response } from 'supertest';
import { TestClient, unescapeHtml } from './testClient.ts';
import type { ServedTestApp } from './servedTestApp.ts';

/** The account service's side of the flow, as openid-client sees the partner. */
export interface RelyingParty {
  config: client.Configuration;
  redirectUri: string;
}

/** Discovers the partner at its issuer URL, as the account service does (no client metadata). */
export async function discoverPartner(t: ServedTestApp): Promise<RelyingParty> {
  const config = await client.discovery(
    new URL(t.origin),
    t.config.accountClient.clientId,
    undefined,
    client.ClientSecretBasic(t.config.accountClient.clientSecret),
    // Loopback http in tests only.
    { execute: [client.allowInsecureRequests] },
  );
  return { config, redirectUri: t.config.accountClient.redirectUris[0]! };
}

export interface AuthorizationStart {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
  maxAge: number | undefined;
}

export async function startAuthorization(
  rp: RelyingParty,
  options: { scope: string; prompt?: string; maxAge?: number; extra?: Record<string, string> },
): Promise<AuthorizationStart> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp.config, {
    redirect_uri: rp.redirectUri,
    scope: options.scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...(options.prompt ? { prompt: options.prompt } : {}),
    ...(options.maxAge !== undefined ? { max_age: String(options.maxAge) } : {}),
    ...options.extra,
  });
  return { url, verifier, state, nonce, maxAge: options.maxAge };
}

export interface Followed {
  /** The page the chain ended on at the partner. */
  page?: Response;
  /** Where the partner sent the browser away to (the client's redirect URI). */
  leftTo?: URL;
}

/** Follows redirects like a browser while they stay on the partner. */
export async function follow(browser: TestClient, origin: string, target: string | Response): Promise<Followed> {
  let url: URL;
  if (typeof target === 'string') url = new URL(target, origin);
  else if (target.status >= 300 && target.status < 400 && target.headers.location) url = new URL(target.headers.location, origin);
  else return { page: target };
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin !== origin) return { leftTo: url };
    const res = await browser.get(url.pathname + url.search);
    if (res.status >= 300 && res.status < 400 && res.headers.location) {
      url = new URL(res.headers.location, url);
      continue;
    }
    return { page: res };
  }
  throw new Error('too many redirects');
}

export function isSignInPage(page: Response | undefined): boolean {
  return page?.status === 200 && page.text.includes('<form method="post" action="/sign-in"');
}

/** The form actions on an interaction page ("/interaction/<uid>/save" …). */
export function interactionAction(page: Response, action: 'save' | 'recover' | 'cancel'): string {
  const match = new RegExp(`action="(/interaction/[^/"]+/${action})"`).exec(page.text);
  if (!match?.[1]) throw new Error(`no ${action} form on the page (status ${page.status})`);
  return match[1];
}

/** The token ids offered by the token picker, in page order. */
export function offeredTokenIds(page: Response): string[] {
  return [...page.text.matchAll(/<input type="hidden" name="tokenId" value="([0-9a-f]{32})">/g)].map((m) => unescapeHtml(m[1]!));
}

export interface FlowOptions {
  scope: string;
  login: string;
  password?: string;
  prompt?: string;
  maxAge?: number;
  /** For recover: the token to pick (default: the first offered). */
  tokenId?: string;
  /** Leave the test clock where the test put it (by default it is set to the real time). */
  keepClock?: boolean;
  /** More authorization parameters (e.g. the client's `account_user`). */
  extra?: Record<string, string>;
}

export interface FlowResult {
  tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  accessToken: string;
  sub: string;
  /** Whether the partner asked for the password during this flow. */
  askedToSignIn: boolean;
  /** Whether the partner showed its confirmation (it may skip "Save as …" for a repeat save). */
  askedToConfirm: boolean;
}

/** Runs the authorization up to the client's callback: sign in when asked, then confirm or pick. */
export async function authorize(
  t: ServedTestApp,
  rp: RelyingParty,
  browser: TestClient,
  options: FlowOptions,
): Promise<{ start: AuthorizationStart; callback: URL; askedToSignIn: boolean; askedToConfirm: boolean }> {
  // The flow happens "now": keep the partner's test clock in step with oidc-provider's.
  if (!options.keepClock) t.clock.now = new Date();
  const start = await startAuthorization(rp, options);
  let step = await follow(browser, t.origin, start.url.href);
  let askedToSignIn = false;
  if (isSignInPage(step.page)) {
    askedToSignIn = true;
    const returnTo = /name="return_to" value="([^"]*)"/.exec(step.page!.text)?.[1];
    const signedIn = await browser.post('/sign-in', { login: options.login, password: options.password ?? 'a long enough password', return_to: unescapeHtml(returnTo ?? '') });
    step = await follow(browser, t.origin, signedIn);
  }
  const recover = options.scope.split(' ').includes('recovery_token.recover');
  if (step.leftTo && !recover) return { start, callback: step.leftTo, askedToSignIn, askedToConfirm: false };
  if (!step.page) throw new Error(`left the partner before confirming: ${step.leftTo?.href}`);
  const page = step.page;
  const submitted = recover
    ? await browser.post(interactionAction(page, 'recover'), { tokenId: options.tokenId ?? offeredTokenIds(page)[0] ?? '' })
    : await browser.post(interactionAction(page, 'save'));
  const done = await follow(browser, t.origin, submitted);
  if (!done.leftTo) throw new Error(`the partner did not redirect back (status ${done.page?.status}): ${done.page?.text.slice(0, 300)}`);
  return { start, callback: done.leftTo, askedToSignIn, askedToConfirm: true };
}

/** The whole code flow with PKCE, the code exchanged by openid-client. */
export async function runCodeFlow(t: ServedTestApp, rp: RelyingParty, browser: TestClient, options: FlowOptions): Promise<FlowResult> {
  const { start, callback, askedToSignIn, askedToConfirm } = await authorize(t, rp, browser, options);
  const tokens = await client.authorizationCodeGrant(rp.config, callback, {
    pkceCodeVerifier: start.verifier,
    expectedState: start.state,
    expectedNonce: start.nonce,
    ...(start.maxAge !== undefined ? { maxAge: start.maxAge } : {}),
  });
  const claims = tokens.claims();
  if (!claims) throw new Error('no ID token');
  return { tokens, accessToken: tokens.access_token, sub: claims.sub, askedToSignIn, askedToConfirm };
}

/** A browser at the partner that keeps cookies, with a signed-up user. */
export async function signedUpBrowser(t: ServedTestApp, username: string): Promise<TestClient> {
  const browser = new TestClient(t.origin);
  const res = await browser.signUp(username);
  if (res.status !== 303) throw new Error(`sign-up failed: ${res.status}`);
  return browser;
}
