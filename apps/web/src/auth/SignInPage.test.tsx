import { cleanup, screen, waitFor } from '@testing-library/react';
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

  it('back from a spent token at the partner, says why and resumes at the second step, without the password again', async () => {
    const challenge = { twoFactorRequired: true, account: 'octocat', methods: ['totp', 'recovery_code'], recoveryPartner: { name: 'Partner', url: 'http://localhost:4000' } };
    serveRoutes({
      'GET /api/session': () => json(200, signedOut),
      'POST /api/auth/sign-in': () => json(200, challenge),
    });
    renderRoute('/sign-in');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username or email'), 'octocat');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByLabelText('Authentication code')).toBeDefined();
    // The browser leaves for the partner, and the partner's answer brings it back here.
    cleanup();

    renderRoute('/sign-in?recovery_error=token_used');
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Account recovery did not start: That recovery token was already used to start a recovery, and a token works only once. Choose another token at the partner, or use another way below.',
    );
    expect(await screen.findByLabelText('Authentication code')).toBeDefined();
    expect(screen.getByText(/octocat/)).toBeDefined();
    expect(screen.queryByLabelText('Password')).toBeNull();
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
