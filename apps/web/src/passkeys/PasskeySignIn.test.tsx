import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { browserSupportsWebAuthnAutofill, startAuthentication } from '@simplewebauthn/browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { octocat } from '../test/fixtures.ts';
import { apiError, json, mockFetch, route, unexpected } from '../test/mockFetch.ts';
import { assertionResult, notAllowed, requestOptions } from '../test/webAuthnFakes.ts';
import { PasskeySignIn } from './PasskeySignIn.tsx';

vi.mock('@simplewebauthn/browser', () => ({
  startAuthentication: vi.fn(),
  browserSupportsWebAuthnAutofill: vi.fn(),
  WebAuthnAbortService: { cancelCeremony: vi.fn() },
}));

const authentication = vi.mocked(startAuthentication);
const autofill = vi.mocked(browserSupportsWebAuthnAutofill);

function servePasskeySignIn(answer: () => Response = () => json(200, { user: octocat, csrfToken: 'csrf-after' })) {
  return mockFetch((request) => {
    if (route(request) === 'POST /api/auth/passkey-options') return json(200, { options: requestOptions });
    if (route(request) === 'POST /api/auth/passkey') return answer();
    return unexpected(request);
  });
}

describe('PasskeySignIn', () => {
  beforeEach(() => {
    authentication.mockReset();
    autofill.mockReset();
  });

  it('starts autofill (conditional mediation) on load where the browser supports it, and signs in with its answer', async () => {
    autofill.mockResolvedValue(true);
    authentication.mockResolvedValue(assertionResult);
    const { requests } = servePasskeySignIn();
    const onSignedIn = vi.fn();
    render(<PasskeySignIn onSignedIn={onSignedIn} />);

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(octocat));
    expect(authentication).toHaveBeenCalledWith({ optionsJSON: requestOptions, useBrowserAutofill: true });
    expect(requests.find((request) => route(request) === 'POST /api/auth/passkey')?.body).toEqual({ response: assertionResult });
  });

  it('without autofill, waits for "Sign in with a passkey" and signs in with no login and no password', async () => {
    autofill.mockResolvedValue(false);
    authentication.mockResolvedValue(assertionResult);
    servePasskeySignIn();
    const onSignedIn = vi.fn();
    render(<PasskeySignIn onSignedIn={onSignedIn} />);
    await waitFor(() => expect(autofill).toHaveBeenCalled());
    expect(authentication).not.toHaveBeenCalled();

    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in with a passkey' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(octocat));
    expect(authentication).toHaveBeenCalledWith({ optionsJSON: requestOptions });
  });

  it("shows the service's refusal and a cancelled prompt, and signs nobody in", async () => {
    autofill.mockResolvedValue(false);
    authentication.mockResolvedValueOnce(assertionResult).mockRejectedValueOnce(notAllowed());
    servePasskeySignIn(() => apiError(401, 'invalid_credentials', 'The passkey could not be verified; try again or sign in with your password'));
    const onSignedIn = vi.fn();
    render(<PasskeySignIn onSignedIn={onSignedIn} />);
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The passkey could not be verified; try again or sign in with your password');
    await user.click(screen.getByRole('button', { name: 'Sign in with a passkey' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The passkey request was cancelled or timed out.'));
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});
