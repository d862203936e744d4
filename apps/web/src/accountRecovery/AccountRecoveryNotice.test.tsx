import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { OwnRecoveryRequest } from '../api/OwnRecoveryRequest.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';
import { AccountRecoveryNotice } from './AccountRecoveryNotice.tsx';

const pending: OwnRecoveryRequest = {
  id: '01JQ0000000000000000000001',
  status: 'pending',
  partner: 'http://localhost:4000',
  createdAt: '2025-03-04T05:06:07.000Z',
  completesAt: null,
};
const approved: OwnRecoveryRequest = { ...pending, id: '01JQ0000000000000000000002', status: 'approved', completesAt: '2025-03-07T05:06:07.000Z' };

function serveRequests(requests: OwnRecoveryRequest[], cancel: (request: RecordedRequest) => Response = () => noContent()) {
  return serveRoutes({
    'GET /api/account-recovery': () => json(200, { requests }),
    [`POST /api/account-recovery/${pending.id}/cancel`]: cancel,
    [`POST /api/account-recovery/${approved.id}/cancel`]: cancel,
  });
}

describe('AccountRecoveryNotice', () => {
  it('says a pending recovery is waiting for support, and cancels it', async () => {
    const { requests } = serveRequests([pending]);
    render(<AccountRecoveryNotice />);
    const user = userEvent.setup();

    const notice = await screen.findByRole('region', { name: 'Account recovery in progress' });
    expect(notice.textContent).toContain('http://localhost:4000');
    expect(notice.textContent).toContain('waiting for support');
    expect(notice.querySelector(`time[datetime="${pending.createdAt}"]`)).not.toBeNull();

    await user.click(screen.getByRole('button', { name: 'Cancel recovery' }));

    await waitFor(() => expect(screen.queryByRole('region', { name: 'Account recovery in progress' })).toBeNull());
    expect(requests.filter((request) => request.method === 'POST').map(route)).toEqual([`POST /api/account-recovery/${pending.id}/cancel`]);
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('The account recovery was cancelled. Two-factor authentication stays on.');
    expect(document.activeElement).toBe(status);
  });

  it('while pending, says how long after approval it completes, how to cancel it, and its reference', async () => {
    serveRequests([pending]);
    render(<AccountRecoveryNotice recoveryWaitingHours={72} />);

    const notice = await screen.findByRole('region', { name: 'Account recovery in progress' });
    expect(notice.textContent).toContain('If support approves it, two-factor authentication is removed 72 hours (3 days) after the approval.');
    expect(notice.textContent).toContain(`Reference: ${pending.id}`);
    expect(notice.textContent).toContain('To stop it, choose “Cancel recovery” below, from this or any other signed-in session.');
  });

  it('says when an approved recovery removes two-factor authentication', async () => {
    serveRequests([approved]);
    render(<AccountRecoveryNotice />);

    const notice = await screen.findByRole('region', { name: 'Account recovery in progress' });
    expect(notice.textContent).toMatch(/two-factor authentication will be removed at .+\./);
    expect(notice.querySelector(`time[datetime="${approved.completesAt}"]`)).not.toBeNull();
    expect(notice.textContent).not.toContain('waiting for support');
    expect(screen.getByRole('button', { name: 'Cancel recovery' })).toBeDefined();
  });

  it('shows only recoveries still in progress, not those that are over', async () => {
    serveRequests([
      { ...pending, id: '01JQ0000000000000000000004', status: 'completed' },
      { ...approved, id: '01JQ0000000000000000000005', status: 'cancelled', completesAt: null },
      { ...pending, id: '01JQ0000000000000000000003', status: 'declined' },
      pending,
    ]);
    render(<AccountRecoveryNotice />);

    expect(await screen.findAllByRole('region', { name: 'Account recovery in progress' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: 'Cancel recovery' })).toHaveLength(1);
  });

  it('keeps the notice and shows the reason when cancelling fails', async () => {
    serveRequests([pending], () => apiError(404, 'not_found', 'No recovery request of yours can be cancelled'));
    render(<AccountRecoveryNotice />);

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Cancel recovery' }));

    expect((await screen.findByRole('alert')).textContent).toBe('No recovery request of yours can be cancelled');
    expect(screen.getByRole('region', { name: 'Account recovery in progress' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Cancel recovery' })).toHaveProperty('disabled', false);
  });
});
