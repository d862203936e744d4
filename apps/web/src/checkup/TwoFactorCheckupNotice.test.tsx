import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { json } from '../test/mockFetch.ts';
import { serveRoutes } from '../test/serveRoutes.ts';
import { TwoFactorCheckupNotice } from './TwoFactorCheckupNotice.tsx';

const period = { startedAt: '2026-11-01T00:00:00.000Z', endsAt: '2026-11-29T00:00:00.000Z' };

function renderNotice() {
  render(
    <MemoryRouter>
      <TwoFactorCheckupNotice />
    </MemoryRouter>,
  );
}

describe('the 2FA check-up notice', () => {
  it('asks once when due: "Verify 2FA now", a code, and it is done', async () => {
    const { requests } = serveRoutes({
      'GET /api/two-factor/checkup': () => json(200, { state: 'due', passedAt: null, ...period }),
      'POST /api/two-factor/checkup/verify': () => json(200, { state: 'passed', passedAt: '2026-12-01T00:00:00.000Z', ...period }),
    });
    renderNotice();
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Verify your two-factor authentication settings' })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Verify 2FA now' }));
    await user.type(screen.getByLabelText('Authentication code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('status')).textContent).toContain('Your two-factor authentication works');
    expect(screen.queryByRole('heading', { name: 'Verify your two-factor authentication settings' })).toBeNull();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ code: '123456' });
  });

  it('after a wrong code offers "Reconfigure 2FA", through settings (confirm access first)', async () => {
    serveRoutes({
      'GET /api/two-factor/checkup': () => json(200, { state: 'due', passedAt: null, ...period }),
      'POST /api/two-factor/checkup/verify': () => json(200, { state: 'failed', passedAt: null, ...period }),
    });
    renderNotice();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Verify 2FA now' }));
    await user.type(screen.getByLabelText('Authentication code'), '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    const reconfigure = await screen.findByRole('link', { name: 'Reconfigure 2FA' });
    expect(reconfigure.getAttribute('href')).toBe('/settings/security');
  });

  it('stays out of the way while the period runs', async () => {
    const { requests } = serveRoutes({ 'GET /api/two-factor/checkup': () => json(200, { state: 'running', passedAt: null, ...period }) });
    renderNotice();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(screen.queryByRole('heading', { name: 'Verify your two-factor authentication settings' })).toBeNull();
  });
});

