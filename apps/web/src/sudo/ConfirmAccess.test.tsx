import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { startAuthentication } from '@simplewebauthn/browser';
import { describe, expect, it, vi } from 'vitest';
import { isApiError } from '../api/ApiError.ts';
import { apiRequest } from '../api/client.ts';
import { SessionProvider } from '../session/SessionProvider.tsx';
import { signedIn, signedInWithTwoFactor, sudoConfirmed } from '../test/fixtures.ts';
import { apiError, json, mockFetch, route, unexpected, type RecordedRequest } from '../test/mockFetch.ts';
import { serveRoutes } from '../test/serveRoutes.ts';
import { assertionResult, requestOptions } from '../test/webAuthnFakes.ts';
import { isSudoCancelled } from './SudoCancelledError.ts';
import { SudoProvider } from './SudoProvider.tsx';
import { useSudo } from './useSudo.ts';

vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));

/** A stand-in for a sensitive action such as regenerating recovery codes. */
function SensitiveAction() {
  const { runWithSudo } = useSudo();
  const [outcome, setOutcome] = useState('');
  async function run() {
    try {
      await runWithSudo(() => apiRequest('/api/sensitive', { method: 'post' }));
      setOutcome('Done');
    } catch (error) {
      setOutcome(isSudoCancelled(error) ? 'Cancelled' : isApiError(error) ? error.code : 'Failed');
    }
  }
  return (
    <>
      <h1>Sensitive page</h1>
      <button type="button" onClick={run}>
        Do the sensitive thing
      </button>
      <p data-testid="outcome">{outcome}</p>
    </>
  );
}

function renderWithSudo() {
  return render(
    <SessionProvider>
      <SudoProvider>
        <SensitiveAction />
      </SudoProvider>
    </SessionProvider>,
  );
}

/** The sensitive endpoint refuses until the right password has been confirmed. */
function serveSudo(correctPassword: string) {
  let inSudo = false;
  return mockFetch((request) => {
    switch (route(request)) {
      case 'GET /api/session':
        return json(200, signedIn);
      case 'POST /api/sudo': {
        const body = request.body as { password?: string };
        if (body.password !== correctPassword) {
          return apiError(401, 'invalid_credentials', 'Incorrect password', [{ path: 'password', message: 'Incorrect password' }]);
        }
        inSudo = true;
        return json(200, { sudo: { active: true, expiresAt: '2030-01-01T00:00:00.000Z' }, csrfToken: 'sudo-token' });
      }
      case 'POST /api/sensitive':
        return inSudo ? new Response(null, { status: 204 }) : apiError(403, 'sudo_required', 'Confirm access first.');
      default:
        return unexpected(request);
    }
  });
}

describe('ConfirmAccess with useSudo', () => {
  it('asks for the password when an action needs sudo mode, then retries the action', async () => {
    const { requests } = serveSudo('correct horse');
    renderWithSudo();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Do the sensitive thing' }));

    expect(await screen.findByRole('heading', { name: 'Confirm access' })).toBeDefined();
    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    expect(document.activeElement).toBe(password);
    // The interrupted page is hidden, not unmounted, so its action can finish.
    expect(screen.queryByRole('heading', { name: 'Sensitive page' })).toBeNull();

    await user.type(password, 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    await waitFor(() => expect(screen.getByTestId('outcome').textContent).toBe('Done'));
    expect(screen.queryByRole('heading', { name: 'Confirm access' })).toBeNull();
    expect(requests.map(route)).toEqual(['GET /api/session', 'POST /api/sensitive', 'POST /api/sudo', 'POST /api/sensitive']);
    expect(requests.find((request) => route(request) === 'POST /api/sudo')?.body).toEqual({ password: 'correct horse' });
  });

  it('keeps asking after a wrong password, with the error under the field, and does not retry until confirmed', async () => {
    const { requests } = serveSudo('correct horse');
    renderWithSudo();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Do the sensitive thing' }));
    await user.type(await screen.findByLabelText('Password'), 'wrong guess');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = password.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy)?.textContent).toBe('Incorrect password');
    expect(document.activeElement).toBe(password);
    expect(requests.filter((request) => route(request) === 'POST /api/sensitive')).toHaveLength(1);
    expect(screen.getByTestId('outcome').textContent).toBe('');

    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(screen.getByTestId('outcome').textContent).toBe('Done'));
    expect(requests.filter((request) => route(request) === 'POST /api/sensitive')).toHaveLength(2);
  });

  it('gives up on the action when the user cancels', async () => {
    const { requests } = serveSudo('correct horse');
    renderWithSudo();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Do the sensitive thing' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.getByTestId('outcome').textContent).toBe('Cancelled'));
    expect(screen.getByRole('heading', { name: 'Sensitive page' })).toBeDefined();
    expect(requests.filter((request) => route(request) === 'POST /api/sudo')).toHaveLength(0);
  });

  it('passes other errors straight through without asking', async () => {
    mockFetch((request) => {
      if (route(request) === 'GET /api/session') return json(200, signedIn);
      if (route(request) === 'POST /api/sensitive') return apiError(429, 'rate_limited', 'Slow down.');
      return unexpected(request);
    });
    renderWithSudo();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Do the sensitive thing' }));

    await waitFor(() => expect(screen.getByTestId('outcome').textContent).toBe('rate_limited'));
    expect(screen.queryByRole('heading', { name: 'Confirm access' })).toBeNull();
  });
});

describe('ConfirmAccess with two-factor authentication', () => {
  /** A user with 2FA and `keyCount` security keys; the sensitive endpoint opens once sudo is confirmed. */
  function serveTwoFactorUser(keyCount: number, sudoAnswer: (request: RecordedRequest) => Response) {
    let inSudo = false;
    return serveRoutes({
      'GET /api/session': () => json(200, signedInWithTwoFactor),
      'GET /api/security-keys': () =>
        json(200, { keys: Array.from({ length: keyCount }, (_, index) => ({ id: `a${index}`, nickname: `Key ${index}`, createdAt: '2025-01-01T00:00:00.000Z', lastUsedAt: null, upgradable: false })) }),
      'POST /api/sudo/security-key-options': () => json(200, { options: requestOptions }),
      'POST /api/sudo': (request) => {
        const answer = sudoAnswer(request);
        if (answer.ok) inSudo = true;
        return answer;
      },
      'POST /api/sensitive': () => (inSudo ? new Response(null, { status: 204 }) : apiError(403, 'sudo_required', 'Confirm access first.')),
    });
  }

  function sudoBodies(requests: RecordedRequest[]): unknown[] {
    return requests.filter((request) => route(request) === 'POST /api/sudo').map((request) => request.body);
  }

  it('offers no other way than the password to a user without two-factor authentication', async () => {
    const { requests } = serveSudo('correct horse');
    renderWithSudo();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Do the sensitive thing' }));

    expect(await screen.findByLabelText('Password')).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Use your authenticator app' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Use your security key' })).toBeNull();
    expect(requests.some((request) => route(request) === 'GET /api/security-keys')).toBe(false);
  });

  it('confirms with an authenticator code', async () => {
    const { requests } = serveTwoFactorUser(0, (request) =>
      (request.body as { totpCode?: string }).totpCode === '123456'
        ? json(200, sudoConfirmed)
        : apiError(400, 'invalid_code', 'Invalid authentication code', [{ path: 'totpCode', message: 'Invalid authentication code' }]),
    );
    renderWithSudo();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Do the sensitive thing' }));
    await user.click(await screen.findByRole('link', { name: 'Use your authenticator app' }));
    expect(screen.queryByLabelText('Password')).toBeNull();
    await user.type(screen.getByLabelText('Authentication code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const field = screen.getByLabelText('Authentication code');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    await user.type(field, '123456');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    await waitFor(() => expect(screen.getByTestId('outcome').textContent).toBe('Done'));
    expect(sudoBodies(requests)).toEqual([{ totpCode: '000000' }, { totpCode: '123456' }]);
    // Only when there is a key to use.
    expect(screen.queryByRole('link', { name: 'Use your security key' })).toBeNull();
  });

  it('confirms with a security key when the user has one', async () => {
    vi.mocked(startAuthentication).mockResolvedValue(assertionResult);
    const { requests } = serveTwoFactorUser(1, () => json(200, sudoConfirmed));
    renderWithSudo();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Do the sensitive thing' }));
    await user.click(await screen.findByRole('link', { name: 'Use your security key' }));

    await waitFor(() => expect(screen.getByTestId('outcome').textContent).toBe('Done'));
    expect(startAuthentication).toHaveBeenCalledWith({ optionsJSON: requestOptions });
    expect(sudoBodies(requests)).toEqual([{ securityKey: assertionResult }]);
  });
});
