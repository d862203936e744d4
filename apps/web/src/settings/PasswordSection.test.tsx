import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { noRecoveryRequests, noRecoveryTokens, signedIn, sudoConfirmed, twoFactorOff } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';

function serveAccount() {
  let inSudo = false;
  return serveRoutes({
    'GET /api/session': () => json(200, signedIn),
    'GET /api/two-factor': () => json(200, twoFactorOff),
    'GET /api/recovery-tokens': () => json(200, noRecoveryTokens),
    'GET /api/account-recovery': () => json(200, noRecoveryRequests),
    'POST /api/sudo': () => {
      inSudo = true;
      return json(200, sudoConfirmed);
    },
    'POST /api/auth/password': (request) => {
      if (!inSudo) return apiError(403, 'sudo_required', 'Confirm access with your password to continue');
      if ((request.body as { currentPassword: string }).currentPassword !== 'correct horse') {
        return apiError(401, 'invalid_credentials', 'Incorrect password', [{ path: 'currentPassword', message: 'Incorrect password' }]);
      }
      return noContent();
    },
  });
}

const passwordChanges = (requests: RecordedRequest[]) => requests.filter((request) => route(request) === 'POST /api/auth/password').map((request) => request.body);

describe('Password and authentication: "Change password"', () => {
  it('asks "Confirm access" before the form, then sends the current and new password and says so in the section', async () => {
    const { requests } = serveAccount();
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('heading', { name: 'Confirm access' })).toBeDefined();
    expect(screen.queryByLabelText('Current password')).toBeNull();
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    await user.type(await screen.findByLabelText('Current password'), 'wrong horse');
    await user.type(screen.getByLabelText('New password'), 'a brand new password');
    await user.click(screen.getByRole('button', { name: 'Update password' }));
    expect(await screen.findByText('Incorrect password')).toBeDefined();
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');

    await user.type(screen.getByLabelText('Current password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Update password' }));

    const section = screen.getByRole('heading', { name: 'Change password' }).closest('section') as HTMLElement;
    await waitFor(() => expect(within(section).getByRole('status').textContent).toBe('Your password was changed. Your other sessions were signed out.'));
    expect(screen.queryByLabelText('New password')).toBeNull();
    expect(passwordChanges(requests)).toEqual([
      { currentPassword: 'wrong horse', newPassword: 'a brand new password' },
      { currentPassword: 'correct horse', newPassword: 'a brand new password' },
    ]);
  });

  it('checks the new password before sending anything', async () => {
    const { requests } = serveAccount();
    renderRoute('/settings/security');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Change password' }));
    await user.type(await screen.findByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    await user.type(await screen.findByLabelText('Current password'), 'correct horse');
    await user.type(screen.getByLabelText('New password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Update password' }));
    expect(await screen.findByText('Password must be at least 8 characters')).toBeDefined();
    expect(passwordChanges(requests)).toEqual([]);
  });
});
