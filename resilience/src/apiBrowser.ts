import { testCeilingMs } from './testCeiling.ts';

export interface ApiResponse {
  status: number;
  /** The parsed JSON body, or null when there is none. */
  json: Record<string, unknown> | null;
  /** The Location header of a redirect, or null. */
  location: string | null;
  retryAfter: string | null;
}

/** The `error.code` of an error body (`{ error: { code, message } }`), if any. */
export function errorCode(res: ApiResponse): string | undefined {
  const error = res.json?.error as { code?: unknown } | undefined;
  return typeof error?.code === 'string' ? error.code : undefined;
}

export function errorMessage(res: ApiResponse): string | undefined {
  const error = res.json?.error as { message?: unknown } | undefined;
  return typeof error?.message === 'string' ? error.message : undefined;
}

export interface ApiBrowserOptions {
  userAgent?: string;
  /** The client address the service should see, sent as X-Forwarded-For (trusted from loopback). */
  ip?: string;
}

/**
 * A browser talking to the account service's JSON API over real HTTP: it keeps cookies, sends
 * the CSRF token the service last issued, and does not follow redirects (tests read them).
 * One cookie jar for every origin it is pointed at, as a browser behind a load balancer sees
 * one site: requests can alternate between instances.
 */
export class ApiBrowser {
  private readonly cookies = new Map<string, string>();
  private csrfToken = '';
  readonly userAgent: string;
  readonly ip: string | undefined;

  constructor(
    public origin: string,
    options: ApiBrowserOptions = {},
  ) {
    this.userAgent = options.userAgent ?? 'ResilienceBrowser/1.0';
    this.ip = options.ip;
  }

  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: object, origin = this.origin): Promise<ApiResponse> {
    if (method !== 'GET' && !this.csrfToken) await this.request('GET', '/api/session', undefined, origin);
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, Accept: 'application/json' };
    if (this.ip) headers['X-Forwarded-For'] = this.ip;
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const cookieHeader = [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    if (cookieHeader) headers.Cookie = cookieHeader;
    const res = await fetch(new URL(path, origin), {
      method,
      headers,
      redirect: 'manual',
      // A ceiling, not a pace: a 2FA guess may wait the service's whole busy window (30 s) for a
      // slot in flight before it is answered, longer on a loaded machine.
      signal: AbortSignal.timeout(testCeilingMs),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    this.remember(res.headers.getSetCookie());
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    if (text && res.headers.get('content-type')?.includes('json')) json = JSON.parse(text) as Record<string, unknown>;
    return { status: res.status, json, location: res.headers.get('location'), retryAfter: res.headers.get('retry-after') };
  }

  get(path: string, origin?: string): Promise<ApiResponse> {
    return this.request('GET', path, undefined, origin);
  }

  post(path: string, body?: object, origin?: string): Promise<ApiResponse> {
    return this.request('POST', path, body, origin);
  }

  private remember(setCookies: string[]): void {
    for (const header of setCookies) {
      const match = /^([^=]+)=([^;]*)/.exec(header);
      if (!match?.[1]) continue;
      const name = match[1].trim();
      const value = decodeURIComponent(match[2] ?? '');
      const expired = /;\s*max-age=0/i.test(header) || /;\s*expires=Thu, 01 Jan 1970/i.test(header);
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
      if (name === 'csrf_token') this.csrfToken = expired ? '' : value;
    }
  }
}
