import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { signedOut } from '../test/fixtures.ts';
import { json } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';
import { serveRoutes } from '../test/serveRoutes.ts';

describe('Sign-in page', () => {
  it('links "Forgot password?" to the reset request page', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    const { router } = renderRoute('/sign-in');

    await userEvent.setup().click(await screen.findByRole('link', { name: 'Forgot password?' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Reset your password' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/forgot-password');
  });

  it('shows why a recovery with the partner did not start, once, and cleans the address', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    const { router } = renderRoute('/sign-in?recovery_error=token_rejected');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Account recovery did not start: The partner’s answer could not be verified, or its token cannot recover this account.');
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(screen.getByRole('alert').textContent).toContain('cannot recover this account');
  });

  it('never shows words from the address: a crafted message gets our generic one', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    renderRoute(`/sign-in?recovery_error=${encodeURIComponent('Your account is locked, call +1 555 0100')}`);

    expect((await screen.findByRole('alert')).textContent).toBe('Account recovery did not start: Something went wrong; try again.');
    expect(document.body.textContent).not.toContain('555');
  });

  it('shows no alert without one in the address', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    renderRoute('/sign-in?other=1');
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
