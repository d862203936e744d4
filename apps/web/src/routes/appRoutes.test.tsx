import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { noRecoveryRequests, noRecoveryTokens, octocat, signedIn, signedInAsStaff, signedOut, staffUser, twoFactorOff } from '../test/fixtures.ts';
import { json, mockFetch, route, unexpected } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';

function serveSession(session: typeof signedIn) {
  return mockFetch((request) => {
    switch (route(request)) {
      case 'GET /api/session':
        return json(200, session);
      case 'GET /api/two-factor':
        return json(200, twoFactorOff);
      case 'GET /api/recovery-tokens':
        return json(200, noRecoveryTokens);
      case 'GET /api/account-recovery':
        return json(200, noRecoveryRequests);
      default:
        return unexpected(request);
    }
  });
}

describe('routes', () => {
  it('sends a signed-out visit to the settings to the sign-in page', async () => {
    serveSession(signedOut);
    const { router } = renderRoute('/settings/security-log');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Create account' }).getAttribute('href')).toBe('/sign-up');
  });

  it('sends / to the security settings when signed in, with the account and the navigation', async () => {
    serveSession(signedIn);
    const { router } = renderRoute('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Password and authentication' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/settings/security');
    expect(screen.getByText(octocat.email)).toBeDefined();
    // The product's name (APP_NAME, from the session) in the header and the page title.
    expect(screen.getByRole('link', { name: 'Hubbub' }).getAttribute('href')).toBe('/');
    await waitFor(() => expect(document.title).toBe('Password and authentication · Hubbub'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Two-factor authentication' })).toBeDefined();
    expect(screen.getByText(/not enabled yet/)).toBeDefined();
    const nav = screen.getByRole('navigation', { name: 'Settings' });
    expect(nav.querySelector('a[href="/settings/security"]')?.getAttribute('aria-current')).toBe('page');
    expect(screen.getByRole('link', { name: 'Security log' }).getAttribute('href')).toBe('/settings/security-log');
    expect(screen.getByRole('main')).toBeDefined();
  });

  it('sends / to sign in when signed out', async () => {
    serveSession(signedOut);
    const { router } = renderRoute('/');
    await screen.findByRole('button', { name: 'Sign in' });
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('signs in and lands on the security settings', async () => {
    let session = signedOut;
    const { requests } = mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, session);
        case 'POST /api/auth/sign-in':
          session = signedIn;
          return json(200, { user: octocat, csrfToken: 'rotated' });
        case 'GET /api/two-factor':
          return json(200, twoFactorOff);
        case 'GET /api/recovery-tokens':
          return json(200, noRecoveryTokens);
        case 'GET /api/account-recovery':
          return json(200, noRecoveryRequests);
        default:
          return unexpected(request);
      }
    });
    const { router } = renderRoute('/sign-in');
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Username or email'), 'octocat');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('heading', { level: 1, name: 'Password and authentication' });
    expect(router.state.location.pathname).toBe('/settings/security');
    expect(requests.map(route).slice(0, 3)).toEqual(['GET /api/session', 'POST /api/auth/sign-in', 'GET /api/session']);
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Password and authentication'));
  });

  it('opening /support signed out, then signing in, returns to /support', async () => {
    let session = signedOut;
    mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, session);
        case 'POST /api/auth/sign-in':
          session = signedInAsStaff;
          return json(200, { user: staffUser, csrfToken: 'rotated' });
        case 'GET /api/support/recovery-requests':
          return json(200, { requests: [] });
        default:
          return unexpected(request);
      }
    });
    const { router } = renderRoute('/support?status=all');
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Username or email'), 'support');
    expect(router.state.location.pathname).toBe('/sign-in');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Recovery requests' })).toBeDefined();
    expect(router.state.location.pathname).toBe('/support');
    expect(router.state.location.search).toBe('?status=all');
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example', '/sign-in'])('ignores return_to=%s after signing in', async (target) => {
    let session = signedOut;
    mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, session);
        case 'POST /api/auth/sign-in':
          session = signedIn;
          return json(200, { user: octocat, csrfToken: 'rotated' });
        case 'GET /api/two-factor':
          return json(200, twoFactorOff);
        case 'GET /api/account-recovery':
          return json(200, noRecoveryRequests);
        default:
          return unexpected(request);
      }
    });
    const { router } = renderRoute(`/sign-in?${new URLSearchParams({ return_to: target }).toString()}`);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Username or email'), 'octocat');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Password and authentication' });
    expect(router.state.location.pathname).toBe('/settings/security');
  });

  it('signs out from the header and returns to sign in', async () => {
    let session = signedIn;
    const { requests } = mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, session);
        case 'POST /api/auth/sign-out':
          session = signedOut;
          return new Response(null, { status: 204 });
        case 'GET /api/two-factor':
          return json(200, twoFactorOff);
        case 'GET /api/recovery-tokens':
          return json(200, noRecoveryTokens);
        case 'GET /api/account-recovery':
          return json(200, noRecoveryRequests);
        default:
          return unexpected(request);
      }
    });
    const { router } = renderRoute('/settings/security');

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Sign out' }));

    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(router.state.location.pathname).toBe('/sign-in');
    // Signing out is no detour: whoever signs in next is not sent back to the page left.
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(requests.find((request) => route(request) === 'POST /api/auth/sign-out')?.headers.get('X-CSRF-Token')).toBe('session-token');
  });

  it('returns from /sudo only to a same-site path', async () => {
    mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, signedIn);
        case 'POST /api/sudo':
          return json(200, { sudo: { active: true, expiresAt: '2030-01-01T00:00:00.000Z' }, csrfToken: 'sudo-token' });
        case 'GET /api/two-factor':
          return json(200, twoFactorOff);
        case 'GET /api/recovery-tokens':
          return json(200, noRecoveryTokens);
        case 'GET /api/account-recovery':
          return json(200, noRecoveryRequests);
        case 'GET /api/security-log':
          return json(200, { events: [], nextCursor: null });
        default:
          return unexpected(request);
      }
    });
    const user = userEvent.setup();

    const safe = renderRoute('/sudo?return_to=%2Fsettings%2Fsecurity-log');
    await user.type(await screen.findByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(safe.router.state.location.pathname).toBe('/settings/security-log'));
    safe.unmount();

    const hostile = renderRoute('/sudo?return_to=%2F%2Fevil.example%2Fsteal');
    expect(await screen.findByRole('heading', { level: 1, name: 'Confirm access' })).toBeDefined();
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(hostile.router.state.location.pathname).toBe('/settings/security'));
  });

  it('shows a page for unknown addresses', async () => {
    serveSession(signedOut);
    renderRoute('/no/such/page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeDefined();
  });
});
