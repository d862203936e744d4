import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path plus query, as the app asked for it. */
  url: URL;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: unknown;
}

export type FetchHandler = (request: RecordedRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiError(status: number, code: string, message: string, fields?: Array<{ path: string; message: string }>): Response {
  return json(status, { error: { code, message, ...(fields ? { fields } : {}) } });
}

/** Replaces global fetch; every request is recorded, and one the handler does not expect fails the test. */
export function mockFetch(handler: FetchHandler): { requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      const request: RecordedRequest = {
        method: init.method ?? 'GET',
        url: new URL(String(input), 'http://localhost'),
        headers: new Headers(init.headers),
        credentials: init.credentials,
        body,
      };
      requests.push(request);
      return handler(request);
    }),
  );
  return { requests };
}

export function route(request: RecordedRequest): string {
  return `${request.method} ${request.url.pathname}`;
}

export function unexpected(request: RecordedRequest): never {
  throw new Error(`Unexpected request: ${route(request)}${request.url.search}`);
}
