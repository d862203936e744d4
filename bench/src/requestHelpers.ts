import type autocannon from 'autocannon';

/** A JSON POST as the web UI sends it: cookies, the CSRF header, a JSON body. */
export function jsonPost(request: autocannon.Request, path: string, body: unknown, cookies: Record<string, string>, csrfToken: string): autocannon.Request {
  request.method = 'POST';
  request.path = path;
  request.headers = {
    ...request.headers,
    'content-type': 'application/json',
    'x-csrf-token': csrfToken,
    cookie: Object.entries({ ...cookies, csrf_token: csrfToken })
      .map(([name, value]) => `${name}=${value}`)
      .join('; '),
  };
  request.body = JSON.stringify(body);
  return request;
}

/** What a request generator sends once its prepared state is used up: a cheap, harmless GET. */
export function idleRequest(request: autocannon.Request): autocannon.Request {
  request.method = 'GET';
  request.path = '/healthz';
  request.body = undefined;
  return request;
}

/**
 * A CSRF token from GET /api/session. Without a session cookie it is bound to "anonymous", and
 * any anonymous request may use it (with the same value in the csrf_token cookie); with `sid`
 * it is bound to that session.
 */
export async function csrfTokenFrom(origin: string, sid?: string): Promise<string> {
  const res = await fetch(`${origin}/api/session`, sid ? { headers: { cookie: `sid=${sid}` } } : {});
  const body = (await res.json()) as { csrfToken?: string };
  if (!res.ok || !body.csrfToken) throw new Error(`GET /api/session answered ${res.status}`);
  return body.csrfToken;
}
