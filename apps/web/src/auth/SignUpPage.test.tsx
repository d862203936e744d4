import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { octocat, signedIn, signedOut, twoFactorOff } from '../test/fixtures.ts';
import { apiError, json, mockFetch, route, unexpected } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';

async function fillForm(values: { username: string; email: string; password: string }) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('Username'), values.username);
  await user.type(screen.getByLabelText('Email'), values.email);
  await user.type(screen.getByLabelText('Password'), values.password);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('Create account page', () => {
  it('posts username, email and password with the CSRF token, then opens the security settings', async () => {
    let signedUp = false;
    const { requests } = mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, signedUp ? signedIn : signedOut);
        case 'POST /api/auth/sign-up':
          signedUp = true;
          return json(201, { user: octocat, csrfToken: 'rotated' });
        case 'GET /api/two-factor':
          return json(200, twoFactorOff);
        default:
          return unexpected(request);
      }
    });
    const { router } = renderRoute('/sign-up');
    expect(await screen.findByRole('heading', { level: 1, name: 'Create account' })).toBeDefined();

    await fillForm({ username: 'octocat', email: 'octocat@example.com', password: 'correct horse battery' });

    await screen.findByRole('heading', { level: 1, name: 'Password and authentication' });
    expect(router.state.location.pathname).toBe('/settings/security');
    const signUpRequest = requests.find((request) => route(request) === 'POST /api/auth/sign-up');
    expect(signUpRequest?.body).toEqual({ username: 'octocat', email: 'octocat@example.com', password: 'correct horse battery' });
    expect(signUpRequest?.headers.get('X-CSRF-Token')).toBe('anonymous-token');
    expect(signUpRequest?.headers.get('Content-Type')).toBe('application/json');
  });

  it('shows a taken username under the Username field', async () => {
    mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, signedOut);
        case 'POST /api/auth/sign-up':
          return apiError(409, 'username_taken', 'That username is taken', [{ path: 'username', message: 'Username octocat is not available' }]);
        default:
          return unexpected(request);
      }
    });
    renderRoute('/sign-up');

    await fillForm({ username: 'octocat', email: 'octocat@example.com', password: 'correct horse battery' });

    const username = screen.getByLabelText('Username');
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = username.getAttribute('aria-describedby') ?? '';
    expect(describedBy.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain('Username octocat is not available');
    expect(screen.getByLabelText('Email').hasAttribute('aria-invalid')).toBe(false);
  });

  it('has the autocomplete hints password managers need', async () => {
    mockFetch((request) => (route(request) === 'GET /api/session' ? json(200, signedOut) : unexpected(request)));
    renderRoute('/sign-up');
    expect((await screen.findByLabelText('Username')).getAttribute('autocomplete')).toBe('username');
    expect(screen.getByLabelText('Email').getAttribute('type')).toBe('email');
    expect(screen.getByLabelText('Email').getAttribute('autocomplete')).toBe('email');
    expect(screen.getByLabelText('Password').getAttribute('autocomplete')).toBe('new-password');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in');
  });

  it('shows "too common" under the Password field', async () => {
    const message = 'This password is too common. Choose one that is hard to guess.';
    mockFetch((request) => {
      switch (route(request)) {
        case 'GET /api/session':
          return json(200, signedOut);
        case 'POST /api/auth/sign-up':
          return apiError(400, 'password_too_common', message, [{ path: 'password', message }]);
        default:
          return unexpected(request);
      }
    });
    renderRoute('/sign-up');

    await fillForm({ username: 'octocat', email: 'octocat@example.com', password: 'password123' });

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = password.getAttribute('aria-describedby') ?? '';
    expect(describedBy.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(message);
  });
});
