import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TwoFactorMethod } from '@recovery/core/api/index';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TwoFactorStep } from '../auth/TwoFactorStep.tsx';
import { assignLocation } from '../navigation/assignLocation.ts';
import { partner } from '../test/fixtures.ts';
import { apiError, json, route } from '../test/mockFetch.ts';
import { serveRoutes } from '../test/serveRoutes.ts';

vi.mock('../navigation/assignLocation.ts', () => ({ assignLocation: vi.fn() }));
vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));
const assign = vi.mocked(assignLocation);

const authorizationUrl = 'http://localhost:4000/authorize?prompt=login&max_age=0&state=r1';
const methods: TwoFactorMethod[] = ['totp', 'recovery_code'];

function renderStep(recoveryPartner: typeof partner | null = partner) {
  const onSignedIn = vi.fn();
  const onRestart = vi.fn();
  render(<TwoFactorStep methods={methods} recoveryPartner={recoveryPartner} onSignedIn={onSignedIn} onRestart={onRestart} />);
  return { onSignedIn, onRestart };
}

describe('"Recover with <partner>" at the two-factor prompt', () => {
  beforeEach(() => {
    assign.mockReset();
  });

  it('is offered only when the service names a recovery partner', () => {
    renderStep(null);
    expect(screen.queryByRole('link', { name: /^Recover with/ })).toBeNull();
  });

  it('explains the steps, then asks the service to start and leaves for the partner', async () => {
    const { requests } = serveRoutes({ 'POST /api/auth/recover': () => json(200, { authorizationUrl }) });
    const { onSignedIn } = renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('link', { name: 'Recover with Partner' }));

    const explainer = screen.getByRole('group', { name: 'Recover with Partner' });
    expect(document.activeElement?.textContent).toBe('Recover with Partner');
    expect(explainer.textContent).toContain('You sign in at Partner again');
    expect(explainer.textContent).toContain('choose the recovery token');
    expect(explainer.textContent).toContain('support team reviews the request');
    expect(screen.queryByLabelText('Authentication code')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Verify' })).toBeNull();
    expect(requests).toHaveLength(0);

    await user.click(within(explainer).getByRole('button', { name: 'Continue to Partner' }));

    await waitFor(() => expect(assign).toHaveBeenCalledWith(authorizationUrl));
    expect(requests.map(route)).toEqual(['POST /api/auth/recover']);
    expect(onSignedIn).not.toHaveBeenCalled();
  });

  it('goes back to the code with "Cancel"', async () => {
    const { requests } = serveRoutes({});
    renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('link', { name: 'Recover with Partner' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(screen.getByLabelText('Authentication code')).toBeDefined();
    expect(screen.getByRole('link', { name: 'Recover with Partner' })).toBeDefined();
    expect(requests).toHaveLength(0);
  });

  it('starts over at the password when the sign-in attempt has expired', async () => {
    serveRoutes({ 'POST /api/auth/recover': () => apiError(401, 'unauthenticated', 'Your sign-in expired; enter your password again') });
    const { onRestart } = renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('link', { name: 'Recover with Partner' }));
    await user.click(screen.getByRole('button', { name: 'Continue to Partner' }));

    await waitFor(() => expect(onRestart).toHaveBeenCalledWith('Your sign-in expired; enter your password again'));
    expect(assign).not.toHaveBeenCalled();
  });

  it('shows any other failure in the explainer and stays', async () => {
    serveRoutes({ 'POST /api/auth/recover': () => apiError(502, 'partner_unavailable', 'The partner did not answer; try again later') });
    const { onRestart } = renderStep();
    const user = userEvent.setup();

    await user.click(screen.getByRole('link', { name: 'Recover with Partner' }));
    await user.click(screen.getByRole('button', { name: 'Continue to Partner' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The partner did not answer; try again later');
    expect(onRestart).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
  });
});
