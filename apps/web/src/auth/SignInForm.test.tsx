import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { octocat } from '../test/fixtures.ts';
import { apiError, json, mockFetch, route, unexpected } from '../test/mockFetch.ts';
import { SignInForm } from './SignInForm.tsx';

/** The text of the elements an input's aria-describedby points at. */
function descriptionOf(input: HTMLElement): string {
  const ids = input.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

async function fillAndSubmit(login: string, password: string) {
  const user = userEvent.setup();
  if (login) await user.type(screen.getByLabelText('Username or email'), login);
  if (password) await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('SignInForm', () => {
  it('shows a field error from the server under the matching input only', async () => {
    mockFetch((request) =>
      route(request) === 'POST /api/auth/sign-in'
        ? apiError(400, 'validation_failed', 'Check the highlighted fields', [{ path: 'login', message: 'No account uses that address' }])
        : unexpected(request),
    );
    render(<SignInForm onSignedIn={vi.fn()} />);

    await fillAndSubmit('someone@example.com', 'hunter2hunter2');

    const login = await screen.findByLabelText('Username or email');
    await waitFor(() => expect(login.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(login)).toBe('No account uses that address');
    const password = screen.getByLabelText('Password');
    expect(password.hasAttribute('aria-invalid')).toBe(false);
    expect(descriptionOf(password)).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(login);
  });

  it('shows an error that belongs to no field in the alert at the top of the form', async () => {
    mockFetch((request) =>
      route(request) === 'POST /api/auth/sign-in' ? apiError(401, 'invalid_credentials', 'Incorrect username or password.') : unexpected(request),
    );
    const onSignedIn = vi.fn();
    render(<SignInForm onSignedIn={onSignedIn} />);

    await fillAndSubmit('octocat', 'wrong-password');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Incorrect username or password.');
    const form = alert.closest('form');
    expect(form?.firstElementChild).toBe(alert);
    expect(screen.getByLabelText('Username or email').hasAttribute('aria-invalid')).toBe(false);
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('checks required fields before sending anything', async () => {
    const { requests } = mockFetch(unexpected);
    render(<SignInForm onSignedIn={vi.fn()} />);

    await fillAndSubmit('', '');

    expect(descriptionOf(screen.getByLabelText('Username or email'))).toBe('Username or email is required');
    expect(descriptionOf(screen.getByLabelText('Password'))).toBe('Password is required');
    expect(requests).toHaveLength(0);
  });

  it('posts login and password, disables the button meanwhile, and reports the user', async () => {
    let answer: (response: Response) => void = () => {};
    const { requests } = mockFetch((request) =>
      route(request) === 'POST /api/auth/sign-in' ? new Promise<Response>((resolve) => (answer = resolve)) : unexpected(request),
    );
    const onSignedIn = vi.fn();
    render(<SignInForm onSignedIn={onSignedIn} />);

    await fillAndSubmit('  octocat ', 'correct horse');

    const button = screen.getByRole('button', { name: 'Sign in' });
    expect(button).toHaveProperty('disabled', true);
    expect(requests[0]?.body).toEqual({ login: 'octocat', password: 'correct horse' });

    answer(json(200, { user: octocat, csrfToken: 'rotated' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(octocat));
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
  });
});

describe('SignInForm two-factor step', () => {
  function serveTwoFactor(answer: (body: unknown) => Response) {
    return mockFetch((request) => {
      switch (route(request)) {
        case 'POST /api/auth/sign-in':
          return json(200, { twoFactorRequired: true, account: 'octocat', methods: ['totp', 'recovery_code'], recoveryPartner: null });
        case 'POST /api/auth/two-factor':
          return answer(request.body);
        default:
          return unexpected(request);
      }
    });
  }

  it('asks for an authentication code after the password and signs in with it', async () => {
    const { requests } = serveTwoFactor(() => json(200, { user: { ...octocat, twoFactorEnabled: true }, csrfToken: 'rotated' }));
    const onSignedIn = vi.fn();
    render(<SignInForm onSignedIn={onSignedIn} />);
    const user = userEvent.setup();

    await fillAndSubmit('octocat', 'correct horse');
    const code = await screen.findByLabelText('Authentication code');
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    expect(onSignedIn).not.toHaveBeenCalled();

    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(requests.at(-1)?.body).toEqual({ method: 'totp', code: '123456' });
  });

  it('takes a recovery code instead, and shows a wrong one under the field', async () => {
    const { requests } = serveTwoFactor(() =>
      apiError(400, 'invalid_code', 'Invalid or already used recovery code', [{ path: 'code', message: 'Invalid or already used recovery code' }]),
    );
    render(<SignInForm onSignedIn={vi.fn()} />);
    const user = userEvent.setup();

    await fillAndSubmit('octocat', 'correct horse');
    await user.click(await screen.findByRole('link', { name: 'Use a recovery code' }));
    await user.type(screen.getByLabelText('Recovery code'), 'abcde-01234');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const field = screen.getByLabelText('Recovery code');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(field)).toContain('Invalid or already used recovery code');
    expect(requests.at(-1)?.body).toEqual({ method: 'recovery_code', code: 'abcde-01234' });
  });

  it('goes back to the password step when the server voids the attempt', async () => {
    serveTwoFactor(() => apiError(401, 'unauthenticated', 'Too many wrong codes; enter your password again'));
    render(<SignInForm onSignedIn={vi.fn()} />);
    const user = userEvent.setup();

    await fillAndSubmit('octocat', 'correct horse');
    await user.type(await screen.findByLabelText('Authentication code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Too many wrong codes; enter your password again');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDefined();
    expect((screen.getByLabelText('Username or email') as HTMLInputElement).value).toBe('octocat');
  });

  it('on the second step, tells about an approved recovery: when 2FA goes, the reference, how to cancel', async () => {
    mockFetch((request) =>
      route(request) === 'POST /api/auth/sign-in'
        ? json(200, {
            twoFactorRequired: true,
            account: 'octocat',
            methods: ['totp'],
            recoveryPartner: null,
            recovery: { reference: '01JQ0000000000000000000002', status: 'approved', completesAt: '2025-03-07T06:00:00.000Z' },
          })
        : unexpected(request),
    );
    render(<SignInForm onSignedIn={vi.fn()} />);

    await fillAndSubmit('octocat', 'correct horse');

    const note = await screen.findByRole('note', { name: 'Account recovery in progress' });
    expect(note.textContent).toContain('Your account recovery was approved: two-factor authentication is removed on');
    expect(note.querySelector('time')?.getAttribute('dateTime')).toBe('2025-03-07T06:00:00.000Z');
    expect(note.textContent).toContain('Reference: 01JQ0000000000000000000002.');
    expect(note.textContent).toContain('If you did not ask for it, sign in another way below and cancel it');
  });

  it('offers "Recover with <partner>" when the challenge names a recovery partner', async () => {
    mockFetch((request) =>
      route(request) === 'POST /api/auth/sign-in'
        ? json(200, { twoFactorRequired: true, account: 'octocat', methods: ['totp'], recoveryPartner: { name: 'Trusty', url: 'https://trusty.example' } })
        : unexpected(request),
    );
    render(<SignInForm onSignedIn={vi.fn()} />);

    await fillAndSubmit('octocat', 'correct horse');

    expect(await screen.findByRole('link', { name: 'Recover with Trusty' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Use a recovery code' })).toBeNull();
  });
});
