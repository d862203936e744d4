import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TwoFactorMethod } from '@recovery/core/api/index';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { TwoFactorStep } from '../auth/TwoFactorStep.tsx';
import { apiError, json } from '../test/mockFetch.ts';
import { serveRoutes } from '../test/serveRoutes.ts';

vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));

const methods: TwoFactorMethod[] = ['totp', 'recovery_code'];
const device = { userAgent: 'Firefox', firstSeenAt: '2026-01-02T10:00:00.000Z', lastSeenAt: '2026-11-30T10:00:00.000Z' };

function renderStep() {
  const onRestart = vi.fn();
  render(
    <MemoryRouter>
      <TwoFactorStep methods={methods} recoveryWaitingHours={72} onSignedIn={vi.fn()} onRestart={onRestart} />
    </MemoryRouter>,
  );
  return { onRestart };
}

describe('"Start account recovery" at the two-factor prompt', () => {
  it('emails a one-time password, then files the request with this verified device', async () => {
    const { requests } = serveRoutes({
      'POST /api/auth/account-recovery/start': () => json(200, { sentTo: 'o••••@example.com', verifiedDevice: true }),
      'POST /api/auth/account-recovery/verify-email': (request) =>
        (request.body as { code: string }).code === '123456' ? json(201, { requestId: '01JABCDEFGHJKMNPQRSTVWXYZ0', device, waitingHours: 72 }) : apiError(400, 'invalid_code', 'That one-time password is not right'),
    });
    renderStep();
    const user = userEvent.setup();
    await user.click(screen.getByRole('link', { name: 'Start account recovery' }));
    expect((await screen.findByRole('status')).textContent).toContain('o••••@example.com');
    expect(screen.getByText(/This browser is a verified device/)).toBeDefined();

    await user.type(screen.getByLabelText('One-time password'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify email address' }));
    expect(await screen.findByText('That one-time password is not right')).toBeDefined();

    await user.type(screen.getByLabelText('One-time password'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify email address' }));
    expect(await screen.findByRole('heading', { name: 'Account recovery requested' })).toBeDefined();
    expect(screen.getByText('01JABCDEFGHJKMNPQRSTVWXYZ0')).toBeDefined();
    expect(document.body.textContent).toContain('after a waiting period of 72 hours (3 days)');
    expect(requests.filter((r) => r.url.pathname === '/api/auth/account-recovery/start')).toHaveLength(1);
  });

  it('says honestly that support may not be able to help without a verified device', async () => {
    serveRoutes({
      'POST /api/auth/account-recovery/start': () => json(200, { sentTo: 'o••••@example.com', verifiedDevice: false }),
      'POST /api/auth/account-recovery/verify-email': () => json(201, { requestId: '01JABCDEFGHJKMNPQRSTVWXYZ0', device: null, waitingHours: 72 }),
    });
    renderStep();
    const user = userEvent.setup();
    await user.click(screen.getByRole('link', { name: 'Start account recovery' }));
    expect(await screen.findByText(/support may not be able to help/)).toBeDefined();
    await user.type(screen.getByLabelText('One-time password'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify email address' }));
    await screen.findByRole('heading', { name: 'Account recovery requested' });
    expect(document.body.textContent).toContain('this browser is not a verified device, so support may not be able to help');
  });

  it('sends an expired sign-in back to the password step', async () => {
    serveRoutes({ 'POST /api/auth/account-recovery/start': () => apiError(401, 'unauthenticated', 'Your sign-in expired; enter your password again') });
    const { onRestart } = renderStep();
    await userEvent.setup().click(screen.getByRole('link', { name: 'Start account recovery' }));
    await vi.waitFor(() => expect(onRestart).toHaveBeenCalledWith('Your sign-in expired; enter your password again'));
  });
});
