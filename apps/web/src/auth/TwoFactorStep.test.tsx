import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TwoFactorMethod } from '@recovery/core/api/index';
import { startAuthentication, WebAuthnAbortService } from '@simplewebauthn/browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { twoFactorOn } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { serveRoutes } from '../test/serveRoutes.ts';
import { assertionResult, notAllowed, requestOptions } from '../test/webAuthnFakes.ts';
import { TwoFactorStep } from './TwoFactorStep.tsx';

vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn(), WebAuthnAbortService: { cancelCeremony: vi.fn() } }));

const authentication = vi.mocked(startAuthentication);
const allMethods: TwoFactorMethod[] = ['totp', 'recovery_code', 'webauthn', 'sms'];

function renderStep(methods: readonly TwoFactorMethod[] = allMethods) {
  const onSignedIn = vi.fn();
  const onRestart = vi.fn();
  render(<TwoFactorStep account="octocat" methods={methods} onSignedIn={onSignedIn} onRestart={onRestart} />);
  return { onSignedIn, onRestart };
}

function signInBodies(requests: RecordedRequest[]): unknown[] {
  return requests.filter((request) => route(request) === 'POST /api/auth/two-factor').map((request) => request.body);
}

const signedInAnswer = () => json(200, { user: twoFactorOn, csrfToken: 'rotated' });

describe('TwoFactorStep', () => {
  beforeEach(() => {
    authentication.mockReset();
    vi.mocked(WebAuthnAbortService.cancelCeremony).mockReset();
  });

  it('offers only the ways the account has', () => {
    renderStep(['totp', 'recovery_code']);
    expect(screen.getByLabelText('Authentication code')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Use a recovery code' })).toBeDefined();
    expect(screen.queryByRole('link', { name: 'Use your security key' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Send a code to your fallback number' })).toBeNull();
  });

  it('shows the account, offers a registered security key first and the other ways under "Having problems?"', () => {
    renderStep();
    expect(screen.getByText('@octocat').closest('p')?.textContent).toBe('Signing in as @octocat');
    expect(screen.getByRole('button', { name: 'Use your security key' })).toBeDefined();
    expect(screen.queryByLabelText('Authentication code')).toBeNull();
    const problems = screen.getByRole('region', { name: 'Having problems?' });
    expect(within(problems).getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Use your authenticator app',
      'Use a recovery code',
      'Send a code to your fallback number',
      'Start account recovery',
    ]);
  });

  it('lets a pending security key prompt be cancelled, and the form works afterwards', async () => {
    let rejectPrompt: (reason: unknown) => void = () => {};
    authentication.mockImplementation(() => new Promise((_resolve, reject) => (rejectPrompt = reject)));
    vi.mocked(WebAuthnAbortService.cancelCeremony).mockImplementation(() => rejectPrompt(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    const { requests } = serveRoutes({
      'POST /api/auth/two-factor/security-key-options': () => json(200, { options: requestOptions }),
      'POST /api/auth/two-factor': signedInAnswer,
    });
    const { onSignedIn } = renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Use your security key' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The security key request was cancelled.');
    expect(screen.getByRole('button', { name: 'Use your security key' })).toBeDefined();
    await user.click(screen.getByRole('link', { name: 'Use your authenticator app' }));
    await user.type(screen.getByLabelText('Authentication code'), '123456');
    const verify = screen.getByRole('button', { name: 'Verify' }) as HTMLButtonElement;
    expect(verify.disabled).toBe(false);
    await user.click(verify);
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(twoFactorOn));
    expect(signInBodies(requests)).toEqual([{ method: 'totp', code: '123456' }]);
  });

  it('closes a pending security key prompt, without an error, when another way is chosen', async () => {
    let rejectPrompt: (reason: unknown) => void = () => {};
    authentication.mockImplementation(() => new Promise((_resolve, reject) => (rejectPrompt = reject)));
    const cancel = vi.mocked(WebAuthnAbortService.cancelCeremony).mockImplementation(() => rejectPrompt(Object.assign(new Error('aborted'), { name: 'AbortError' })));
    serveRoutes({ 'POST /api/auth/two-factor/security-key-options': () => json(200, { options: requestOptions }) });
    renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Use your security key' }));
    await screen.findByRole('button', { name: 'Cancel' });
    await user.click(screen.getByRole('link', { name: 'Use a recovery code' }));

    expect(cancel).toHaveBeenCalledOnce();
    await waitFor(() => expect((screen.getByRole('button', { name: 'Verify' }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByLabelText('Recovery code')).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('announces the warning that comes with the last allowed wrong code, under the field', async () => {
    const lastChance = 'Invalid authentication code. One more wrong code and you will have to enter your password again';
    serveRoutes({ 'POST /api/auth/two-factor': () => apiError(400, 'invalid_code', lastChance, [{ path: 'code', message: lastChance }]) });
    renderStep(['totp', 'recovery_code']);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Authentication code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    // Announced as it appears: after Enter, focus stays in the field and its description is not read again.
    expect((await screen.findByRole('alert')).textContent).toBe(lastChance);
    expect(screen.getByLabelText('Authentication code').getAttribute('aria-describedby')).toContain(screen.getByRole('alert').id);
  });

  it('signs in with a security key: options from the service, the browser prompt, then the signed response', async () => {
    authentication.mockResolvedValue(assertionResult);
    const { requests } = serveRoutes({
      'POST /api/auth/two-factor/security-key-options': () => json(200, { options: requestOptions }),
      'POST /api/auth/two-factor': signedInAnswer,
    });
    const { onSignedIn } = renderStep();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Use your security key' }));

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

    await user.click(screen.getByRole('button', { name: 'Use your security key' }));

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
