import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { signedOut } from '../test/fixtures.ts';
import { apiError, json, route } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';
import { serveRoutes } from '../test/serveRoutes.ts';

describe('Forgot password page', () => {
  it('asks for a reset link and says one was sent if the account exists', async () => {
    const { requests } = serveRoutes({
      'GET /api/session': () => json(200, signedOut),
      'POST /api/auth/password-reset': () => json(202, { status: 'sent' }),
    });
    renderRoute('/forgot-password');
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Username or email'), ' octocat@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));

    const status = await screen.findByText(/we sent a reset link/);
    expect(status.getAttribute('role')).toBe('status');
    expect(status.textContent).toContain('If an account matches “octocat@example.com”');
    const posted = requests.filter((request) => route(request) === 'POST /api/auth/password-reset');
    expect(posted.map((request) => request.body)).toEqual([{ login: 'octocat@example.com' }]);
  });

  it('asks for a username or email before sending anything', async () => {
    const { requests } = serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    renderRoute('/forgot-password');

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Send reset link' }));

    const field = screen.getByLabelText('Username or email');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Enter your username or email')).toBeDefined();
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it('shows a refusal (too many requests) as an alert and no "sent" status', async () => {
    serveRoutes({
      'GET /api/session': () => json(200, signedOut),
      'POST /api/auth/password-reset': () => apiError(429, 'rate_limited', 'Too many attempts; wait a few minutes'),
    });
    renderRoute('/forgot-password');
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Username or email'), 'octocat');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Too many attempts; wait a few minutes');
    expect(screen.queryByText(/we sent a reset link/)).toBeNull();
  });
});
