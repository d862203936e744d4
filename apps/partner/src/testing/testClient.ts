import request from 'supertest';
import type { Express } from 'express';
import type { Response } from 'supertest';

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

export function unescapeHtml(value: string): string {
  return value.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);
}

/** The `_csrf` value of the first form on a page, as a browser would submit it. */
export function csrfFieldOf(page: string): string | undefined {
  const match = /<input type="hidden" name="_csrf" value="([^"]*)">/.exec(page);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/** A page's visible text, tags removed and whitespace collapsed (for message assertions). */
export function textOf(page: string): string {
  return unescapeHtml(page.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/**
 * A browser-like client for the server-rendered pages: keeps cookies (supertest's agent), asks
 * for HTML, and submits forms with the `_csrf` field of the page it last loaded.
 */
export class TestClient {
  readonly agent: ReturnType<typeof request.agent>;
  /** The `_csrf` field of the last page loaded. */
  csrfToken = '';
  private readonly cookies = new Map<string, string>();
  userAgent: string;
  /** The client address to present (via X-Forwarded-For, trusted from loopback), if any. */
  ip: string | undefined;

  /** `app` is an Express app, or the origin of a listening server ("http://127.0.0.1:1234"). */
  constructor(app: Express | string, userAgent = 'TestBrowser/1.0', ip?: string) {
    this.agent = request.agent(app);
    this.userAgent = userAgent;
    this.ip = ip;
  }

  private headers<R extends { set(name: string, value: string): R }>(req: R): R {
    const withBrowser = req.set('User-Agent', this.userAgent).set('Accept', 'text/html');
    return this.ip ? withBrowser.set('X-Forwarded-For', this.ip) : withBrowser;
  }

  private remember(res: Response): Response {
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    for (const cookie of cookies) {
      const match = /^([^=]+)=([^;]*)/.exec(cookie);
      if (!match?.[1]) continue;
      this.cookies.set(match[1], decodeURIComponent(match[2] ?? ''));
    }
    const token = typeof res.text === 'string' ? csrfFieldOf(res.text) : undefined;
    if (token) this.csrfToken = token;
    return res;
  }

  async get(path: string): Promise<Response> {
    return this.remember(await this.headers(this.agent.get(path)));
  }

  /** Posts a form as-is (with the last page's `_csrf` unless `fields` sets it). */
  async post(path: string, fields: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrfToken, ...fields }).toString();
    return this.remember(await this.headers(this.agent.post(path)).type('form').send(body));
  }

  /** Loads `page` then submits its form to `action`, like a user filling it in. */
  async submit(page: string, action: string, fields: Record<string, string>): Promise<Response> {
    await this.get(page);
    return this.post(action, fields);
  }

  signUp(username: string, password = 'a long enough password', email = `${username}@example.com`, returnTo?: string): Promise<Response> {
    return this.submit('/sign-up', '/sign-up', { username, email, password, ...(returnTo === undefined ? {} : { return_to: returnTo }) });
  }

  signIn(login: string, password = 'a long enough password', returnTo?: string): Promise<Response> {
    return this.submit('/sign-in', '/sign-in', { login, password, ...(returnTo === undefined ? {} : { return_to: returnTo }) });
  }

  signOut(): Promise<Response> {
    return this.submit('/', '/sign-out', {});
  }

  /** The last value the server set for a cookie ('' once cleared). */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
