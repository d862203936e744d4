import { accountOperations, sessionView } from '@recovery/core/api/index';
import { describe, expect, it, vi } from 'vitest';
import { apiError, json, mockFetch, unexpected } from '../test/mockFetch.ts';
import { ApiError, apiRequest } from './client.ts';

describe('apiRequest', () => {
  it('sends the CSRF token from the cookie, JSON and same-origin credentials on a POST', async () => {
    document.cookie = 'csrf_token=from-cookie%2Fvalue; path=/';
    const { requests } = mockFetch(() => json(200, { sudo: { active: true, expiresAt: '2030-01-01T00:00:00.000Z' }, csrfToken: 'next' }));

    const result = await apiRequest('/api/auth/sign-in', {
      method: 'post',
      body: { login: 'octocat', password: 'hunter22' },
      response: accountOperations.confirmAccess.response,
    });

    expect(result.sudo.active).toBe(true);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.pathname).toBe('/api/auth/sign-in');
    expect(request?.headers.get('X-CSRF-Token')).toBe('from-cookie/value');
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.credentials).toBe('same-origin');
    expect(request?.body).toEqual({ login: 'octocat', password: 'hunter22' });
  });

  it('reads the cookie again before each request, so a rotated token is used', async () => {
    document.cookie = 'csrf_token=first; path=/';
    const { requests } = mockFetch(() => new Response(null, { status: 204 }));
    await apiRequest('/api/auth/sign-out', { method: 'post' });
    document.cookie = 'csrf_token=rotated; path=/';
    await apiRequest('/api/auth/sign-out', { method: 'post' });
    expect(requests.map((request) => request.headers.get('X-CSRF-Token'))).toEqual(['first', 'rotated']);
  });

  it('falls back to the last token a response carried when there is no cookie', async () => {
    const { requests } = mockFetch((request) => {
      if (request.method === 'GET') return json(200, { user: null, sudo: { active: false, expiresAt: null }, csrfToken: 'from-body' });
      if (request.method === 'POST') return new Response(null, { status: 204 });
      return unexpected(request);
    });
    await apiRequest('/api/session');
    await apiRequest('/api/auth/sign-out', { method: 'post' });
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBeNull();
    expect(requests[1]?.headers.get('X-CSRF-Token')).toBe('from-body');
  });

  it('turns an error body into an ApiError with status, code, message and fields', async () => {
    mockFetch(() =>
      apiError(400, 'validation_failed', 'Check the highlighted fields', [{ path: 'username', message: 'Username is required' }]),
    );

    const failure = await apiRequest('/api/auth/sign-up', { method: 'post', body: {} }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'Check the highlighted fields',
      fields: [{ path: 'username', message: 'Username is required' }],
    });
  });

  it('gives an ApiError with no fields for an error body without them, and for a body that is not JSON', async () => {
    mockFetch(() => apiError(429, 'rate_limited', 'Too many attempts'));
    await expect(apiRequest('/api/auth/sign-in', { method: 'post', body: {} })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
      fields: [],
    });

    mockFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    await expect(apiRequest('/api/session')).rejects.toMatchObject({ status: 502, code: 'internal' });
  });

  it('carries the Retry-After seconds of a rate-limited answer', async () => {
    mockFetch(() =>
      new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Wait 42 seconds' } }), {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '42' },
      }),
    );
    await expect(apiRequest('/api/auth/two-factor/sms', { method: 'post' })).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 42 });

    mockFetch(() => apiError(429, 'rate_limited', 'Slow down'));
    await expect(apiRequest('/api/auth/two-factor/sms', { method: 'post' })).rejects.toMatchObject({ retryAfterSeconds: null });
  });

  it('reports an unreachable server as a network_error', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(apiRequest('/api/session')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('rejects a success response that breaks the contract', async () => {
    mockFetch(() => json(200, { user: { username: 'octocat' } }));
    await expect(apiRequest('/api/session', { response: sessionView })).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });

  it('puts defined query values in the URL and leaves undefined ones out', async () => {
    const { requests } = mockFetch(() => new Response(null, { status: 204 }));
    await apiRequest('/api/security-log', { query: { cursor: 'abc', limit: undefined } });
    expect(requests[0]?.url.search).toBe('?cursor=abc');
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBeNull();
  });
});
