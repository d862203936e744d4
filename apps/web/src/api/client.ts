import type { HttpMethod } from '@recovery/core/api/index';
import { ApiError } from './ApiError.ts';
import { currentCsrfToken, rememberCsrfToken } from './csrfToken.ts';

export { ApiError } from './ApiError.ts';

/** What a response is checked against: the core zod schemas satisfy it. */
export interface ResponseSchema<T> {
  parse(input: unknown): T;
}

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  method?: HttpMethod;
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

const unsafeMethods: ReadonlySet<HttpMethod> = new Set(['post', 'put', 'patch', 'delete']);

export function apiRequest<T>(path: string, options: RequestOptions & { response: ResponseSchema<T> }): Promise<T>;
export function apiRequest(path: string, options?: RequestOptions): Promise<void>;
export async function apiRequest<T>(
  path: string,
  options: RequestOptions & { response?: ResponseSchema<T> } = {},
): Promise<T | void> {
  const method = options.method ?? 'get';
  const headers = new Headers({ Accept: 'application/json' });
  if (unsafeMethods.has(method)) {
    // A JSON content type also keeps cross-site form posts from ever looking like our requests.
    headers.set('Content-Type', 'application/json');
    const token = currentCsrfToken();
    if (token !== null) headers.set('X-CSRF-Token', token);
  }

  const init: RequestInit = {
    method: method.toUpperCase(),
    headers,
    credentials: 'same-origin',
  };
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), init);
  } catch (error) {
    // Callers that abort expect the abort itself, not a connection error.
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }

  const body = await readJson(response);
  if (!response.ok) throw errorFrom(response.status, body, retryAfterOf(response.headers));

  if (isRecord(body) && typeof body.csrfToken === 'string') rememberCsrfToken(body.csrfToken);
  if (!options.response) return;
  try {
    return options.response.parse(body);
  } catch {
    throw new ApiError(response.status, 'invalid_response', 'The server sent a response this page does not understand.');
  }
}

function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFrom(status: number, body: unknown, retryAfterSeconds: number | null): ApiError {
  // Checked by hand, not with the core's errorResponse schema: every page, the first included,
  // reads errors, and zod stays out of the first page's JavaScript.
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, fieldErrorsOf(error.fields), retryAfterSeconds);
  }
  // Proxies and crashed upstreams answer without our error body.
  return new ApiError(status, status >= 500 ? 'internal' : 'bad_request', `The request failed (HTTP ${status}). Try again.`);
}

function fieldErrorsOf(fields: unknown): { path: string; message: string }[] {
  if (!Array.isArray(fields)) return [];
  return fields.filter((field): field is { path: string; message: string } => isRecord(field) && typeof field.path === 'string' && typeof field.message === 'string');
}

/** Only the delay-seconds form: the service never sends an HTTP date here. */
function retryAfterOf(headers: Headers): number | null {
  const value = headers.get('Retry-After');
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
