import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { signedIn, signedOut } from '../test/fixtures.ts';
import { apiError, json, route } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';

const token = 'Zm9yZ290LXBhc3N3b3JkLXRva2VuLTAx';

describe('Reset password page', () => {
  it('sets the new password with the link token, then sends the user to sign in with a notice', async () => {
    // Signed in when the link is opened: the reset ends that session too.
    let session = signedIn;
    const { requests } = serveRoutes({
      'GET /api/session': () => json(200, session),
      'POST /api/auth/password-reset/check': () => json(200, { status: 'valid' }),
      'POST /api/auth/password-reset/complete': () => {
        session = signedOut;
        return noContent();
      },
    });
    const { router } = renderRoute(`/reset-password?token=${token}`);
    const user = userEvent.setup();

    expect(await screen.findByRole('heading', { level: 1, name: 'Choose a new password' })).toBeDefined();
    await user.type(screen.getByLabelText('New password'), 'a brand new password');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(screen.getByText(/Your password was reset/).getAttribute('role')).toBe('status');
    const completed = requests.filter((request) => route(request) === 'POST /api/auth/password-reset/complete');
    expect(completed.map((request) => request.body)).toEqual([{ token, password: 'a brand new password' }]);
  });

  it('checks the password length before sending anything', async () => {
    const { requests } = serveRoutes({ 'GET /api/session': () => json(200, signedOut), 'POST /api/auth/password-reset/check': () => json(200, { status: 'valid' }) });
    renderRoute(`/reset-password?token=${token}`);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));

    expect(await screen.findByText('Password must be at least 8 characters')).toBeDefined();
    expect(requests.some((request) => request.url.pathname === '/api/auth/password-reset/complete')).toBe(false);
  });

  it('explains an expired or spent link and offers a new one', async () => {
    serveRoutes({
      'GET /api/session': () => json(200, signedOut),
      'POST /api/auth/password-reset/check': () => json(200, { status: 'valid' }),
      'POST /api/auth/password-reset/complete': () => apiError(400, 'expired', 'That reset link has expired or was already used; ask for a new one'),
    });
    const { router } = renderRoute(`/reset-password?token=${token}`);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('New password'), 'a brand new password');
    await user.click(screen.getByRole('button', { name: 'Reset password' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('That reset link has expired or was already used; ask for a new one');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(router.state.location.pathname).toBe('/reset-password');
    expect(screen.getByRole('link', { name: 'Ask for a new reset link' }).getAttribute('href')).toBe('/forgot-password');
  });

  it('says an expired or used link as soon as it is opened, before any password is typed', async () => {
    const { requests } = serveRoutes({
      'GET /api/session': () => json(200, signedOut),
      'POST /api/auth/password-reset/check': () => json(200, { status: 'expired' }),
    });
    renderRoute(`/reset-password?token=${token}`);

    expect((await screen.findByRole('alert')).textContent).toBe('This reset link has expired or was already used. Ask for a new one.');
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect(screen.getByRole('link', { name: 'Ask for a new reset link' }).getAttribute('href')).toBe('/forgot-password');
    expect(requests.filter((request) => request.url.pathname.endsWith('/check')).map((request) => request.body)).toEqual([{ token }]);
  });

  it('says a link without its token is incomplete', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    renderRoute('/reset-password');

    expect((await screen.findByRole('alert')).textContent).toContain('This reset link is incomplete');
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect(screen.getByRole('link', { name: 'Ask for a new reset link' })).toBeDefined();
  });
});
