import request from 'supertest';
import type { Express } from 'express';
import type { Response } from 'supertest';

/**
 * A browser-like client: keeps cookies (supertest's agent) and sends the CSRF token the server
 * last issued, as the web UI does.
 */
export class TestClient {
  readonly agent: ReturnType<typeof request.agent>;
  csrfToken = '';
  private readonly cookies = new Map<string, string>();
  userAgent: string;
  /** The client address the service sees (X-Forwarded-For from a trusted loopback proxy), when set. */
  address?: string;

  /** `app` is an Express app, or the origin of a listening server. */
  constructor(app: Express | string, userAgent = 'TestBrowser/1.0') {
    this.agent = request.agent(app);
    this.userAgent = userAgent;
  }

  private remember(res: Response): Response {
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    for (const cookie of cookies) {
      const match = /^([^=]+)=([^;]*)/.exec(cookie);
      if (!match?.[1]) continue;
      const value = decodeURIComponent(match[2] ?? '');
      this.cookies.set(match[1], value);
      // Served over https the cookie carries the __Host- prefix.
      if ((match[1] === 'csrf_token' || match[1] === '__Host-csrf_token') && value) this.csrfToken = value;
    }
    return res;
  }

  private from<T extends { set(name: string, value: string): T }>(req: T): T {
    return this.address ? req.set('X-Forwarded-For', this.address) : req;
  }

  async get(path: string): Promise<Response> {
    return this.remember(await this.from(this.agent.get(path).set('User-Agent', this.userAgent)));
  }

  async post(path: string, body?: object): Promise<Response> {
    if (!this.csrfToken) await this.get('/api/session');
    const req = this.from(this.agent.post(path).set('User-Agent', this.userAgent).set('X-CSRF-Token', this.csrfToken));
    return this.remember(await (body === undefined ? req : req.send(body)));
  }

  async delete(path: string): Promise<Response> {
    if (!this.csrfToken) await this.get('/api/session');
    return this.remember(await this.from(this.agent.delete(path).set('User-Agent', this.userAgent).set('X-CSRF-Token', this.csrfToken)));
  }

  async signUp(username: string, password = 'a long enough password', email = `${username}@example.com`): Promise<Response> {
    return this.post('/api/auth/sign-up', { username, email, password });
  }

  async signIn(login: string, password = 'a long enough password'): Promise<Response> {
    return this.post('/api/auth/sign-in', { login, password });
  }

  /** The last value the server set for a cookie ('' once cleared). */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
