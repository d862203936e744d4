import { createHash, randomBytes } from 'node:crypto';
import { CookieJar } from './CookieJar.ts';

export interface PartnerClient {
  /** The partner's public origin (its OpenID issuer). */
  origin: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };

function csrfField(page: string): string {
  const value = /<input type="hidden" name="_csrf" value="([^"]*)">/.exec(page)?.[1];
  if (value === undefined) throw new Error('no _csrf field on the partner page');
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

/** A browser on the partner: cookies kept, redirects followed by hand while they stay there. */
class PartnerBrowser {
  readonly jar = new CookieJar();
  constructor(private readonly origin: string) {}

  async request(pathOrUrl: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(new URL(pathOrUrl, this.origin), {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { ...(init.form ? formHeaders : { accept: 'text/html' }), cookie: this.jar.header() },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.jar.remember(res);
    return res;
  }

  /** Follows redirects on the partner; returns the final page, or the URL it left the partner for. */
  async follow(res: Response): Promise<{ page: string; status: number } | { leftTo: URL }> {
    let current = res;
    for (let hop = 0; hop < 10; hop++) {
      const location = current.headers.get('location');
      if (current.status < 300 || current.status >= 400 || !location) return { page: await current.text(), status: current.status };
      await current.body?.cancel();
      const url = new URL(location, this.origin);
      if (url.origin !== this.origin) return { leftTo: url };
      current = await this.request(url.pathname + url.search);
    }
    throw new Error('too many redirects at the partner');
  }
}

/**
 * An access token for the partner's token store with scope `recovery_token.save`, obtained the
 * way the account service gets one: a partner user signs up, the authorization code flow with
 * PKCE runs through the partner's real pages ("Save as …"), and the code is exchanged at the
 * token endpoint with the client's credentials. Returns the bearer token.
 */
export async function partnerAccessToken(client: PartnerClient, username: string): Promise<string> {
  const browser = new PartnerBrowser(client.origin);
  const password = `bench password for ${username}`;
  const signUpPage = await browser.request('/sign-up');
  const signedUp = await browser.request('/sign-up', { form: { _csrf: csrfField(await signUpPage.text()), username, email: `${username}@bench.example`, password } });
  if (signedUp.status !== 303) throw new Error(`partner sign-up answered ${signedUp.status}: ${(await signedUp.text()).slice(0, 200)}`);
  await signedUp.body?.cancel();

  const discovery = (await (await fetch(new URL('/.well-known/openid-configuration', client.origin))).json()) as { authorization_endpoint: string; token_endpoint: string };
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(discovery.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    scope: 'openid recovery_token.save',
    redirect_uri: client.redirectUri,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
    nonce: randomBytes(16).toString('base64url'),
  }).toString();

  let step = await browser.follow(await browser.request(authorize.href));
  if ('page' in step && step.page.includes('action="/sign-in"')) {
    const returnTo = /name="return_to" value="([^"]*)"/.exec(step.page)?.[1]?.replace(/&amp;/g, '&') ?? '';
    step = await browser.follow(await browser.request('/sign-in', { form: { _csrf: csrfField(step.page), login: username, password, return_to: returnTo } }));
  }
  if (!('page' in step)) throw new Error(`the partner sent the browser away before confirming: ${step.leftTo.href}`);
  const action = /action="(\/interaction\/[^/"]+\/save)"/.exec(step.page)?.[1];
  if (!action) throw new Error(`no "Save as" form on the partner page (status ${step.status})`);
  const done = await browser.follow(await browser.request(action, { form: { _csrf: csrfField(step.page) } }));
  if (!('leftTo' in done)) throw new Error(`the partner did not redirect back (status ${done.status}): ${done.page.slice(0, 200)}`);
  const code = done.leftTo.searchParams.get('code');
  if (!code || done.leftTo.searchParams.get('state') !== state) throw new Error(`no code in the redirect: ${done.leftTo.href}`);

  // client_secret_basic: RFC 6749 §2.3.1 form-encodes both parts before base64.
  const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64');
  const tokenRes = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier }).toString(),
  });
  const tokens = (await tokenRes.json()) as { access_token?: string; scope?: string };
  if (!tokenRes.ok || !tokens.access_token) throw new Error(`the token endpoint answered ${tokenRes.status}`);
  if (!(tokens.scope ?? '').split(' ').includes('recovery_token.save')) throw new Error(`the access token lacks recovery_token.save (scope: ${tokens.scope})`);
  return tokens.access_token;
}
