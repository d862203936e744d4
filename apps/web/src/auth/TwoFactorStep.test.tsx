import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TwoFactorMethod } from '@recovery/core/api/index';
import { startAuthentication } from '@simplewebauthn/browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { twoFactorOn } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { serveRoutes } from '../test/serveRoutes.ts';
import { assertionResult, notAllowed, requestOptions } from '../test/webAuthnFakes.ts';
import { TwoFactorStep } from './TwoFactorStep.tsx';

vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));

const authentication = vi.mocked(startAuthentication);
const allMethods: TwoFactorMethod[] = ['totp', 'recovery_code', 'webauthn', 'sms'];

function renderStep(methods: readonly TwoFactorMethod[] = allMethods) {
  const onSignedIn = vi.fn();
  const onRestart = vi.fn();
  render(<TwoFactorStep methods={methods} onSignedIn={onSignedIn} onRestart={onRestart} />);
  return { onSignedIn, onRestart };
}

function signInBodies(requests: RecordedRequest[]): unknown[] {
  return requests.filter((request) => route(request) === 'POST /api/auth/two-factor').map((request) => request.body);
}

const signedInAnswer = () => json(200, { user: twoFactorOn, csrfToken: 'rotated' });

describe('TwoFactorStep', () => {
  beforeEach(() => {
    authentication.mockReset();
  });

  it('offers only the ways the account has', () => {
    renderStep(['totp', 'recovery_code']);
    expect(screen.getByLabelText('Authentication code')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Use a recovery code' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Use your security key' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Send a code to your fallback number' })).toBeNull();
  });

  it('signs in with a security key: options from the service, the browser prompt, then the signed response', async () => {
    authentication.mockResolvedValue(assertionResult);
    const { requests } = serveRoutes({
      'POST /api/auth/two-factor/security-key-options': () => json(200, { options: requestOptions }),
      'POST /api/auth/two-factor': signedInAnswer,
    });
    const { onSignedIn } = renderStep();

    await userEvent.setup().click(screen.getByRole('link', { name: 'Use your security key' }));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(twoFactorOn));
    expect(authentication).toHaveBeenCalledWith({ optionsJSON: requestOptions });
    expect(signInBodies(requests)).toEqual([{ method: 'webauthn', response: assertionResult }]);
  });

  it('explains a dismissed security key prompt and lets the user pick another way', async () => {
    authentication.mockRejectedValue(notAllowed());
    const { requests } = serveRoutes({
      'POST /api/auth/two-factor/security-key-options': () => json(200, { options: requestOptions }),
    });
    const { onSignedIn } = renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('link', { name: 'Use your security key' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The security key did not respond or the request was cancelled.');
    expect(signInBodies(requests)).toEqual([]);
    expect(onSignedIn).not.toHaveBeenCalled();
    await user.click(screen.getByRole('link', { name: 'Use your authenticator app' }));
    expect(screen.getByLabelText('Authentication code')).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends a code to the fallback number, says where, and verifies it as an SMS code', async () => {
    const { requests } = serveRoutes({
      'POST /api/auth/two-factor/sms': () => json(200, { sentTo: '+••••••••5678', retryAfterSeconds: 60 }),
      'POST /api/auth/two-factor': signedInAnswer,
    });
    const { onSignedIn } = renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('link', { name: 'Send a code to your fallback number' }));

    expect((await screen.findByRole('status')).textContent).toBe('We sent a code to +••••••••5678.');
    const field = screen.getByLabelText('Authentication code');
    expect(document.activeElement).toBe(field);
    await user.type(field, '987 654');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledOnce());
    expect(signInBodies(requests)).toEqual([{ method: 'sms', code: '987654' }]);
  });

  it('shows how long to wait when a text was asked for too soon', async () => {
    serveRoutes({
      'POST /api/auth/two-factor/sms': () => apiError(429, 'rate_limited', 'Wait 42 seconds before asking for another code'),
    });
    renderStep();

    await userEvent.setup().click(screen.getByRole('link', { name: 'Send a code to your fallback number' }));

    expect((await screen.findByRole('alert')).textContent).toBe('Wait 42 seconds before asking for another code');
    expect(screen.queryByText(/We sent a code/)).toBeNull();
  });

  it('starts over at the password when the sign-in attempt has expired', async () => {
    serveRoutes({
      'POST /api/auth/two-factor/sms': () => apiError(401, 'unauthenticated', 'Your sign-in expired; enter your password again'),
    });
    const { onRestart } = renderStep();

    await userEvent.setup().click(screen.getByRole('link', { name: 'Send a code to your fallback number' }));

    await waitFor(() => expect(onRestart).toHaveBeenCalledWith('Your sign-in expired; enter your password again'));
  });
});
