import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PasskeyView } from '@recovery/core/api/index';
import { startRegistration } from '@simplewebauthn/browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signedInWithTwoFactor, sudoConfirmed } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { renderWithSudo } from '../test/renderWithSudo.tsx';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';
import { creationOptions, notAllowed, registrationResult } from '../test/webAuthnFakes.ts';
import { PasskeysSection } from './PasskeysSection.tsx';

vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));

const laptop: PasskeyView = { id: 'bGFwdG9w', nickname: 'Laptop', createdAt: '2025-03-04T05:06:07.000Z', lastUsedAt: null };

function servePasskeys(passkeys: PasskeyView[], options: { sudo?: boolean } = {}) {
  let inSudo = options.sudo ?? true;
  const sudo = (handler: (request: RecordedRequest) => Response) => (request: RecordedRequest) =>
    inSudo ? handler(request) : apiError(403, 'sudo_required', 'Confirm access with your password to continue');
  return serveRoutes({
    'GET /api/session': () => json(200, signedInWithTwoFactor),
    'GET /api/security-keys': () => json(200, { keys: [] }),
    'GET /api/passkeys': () => json(200, { passkeys }),
    'POST /api/sudo': () => {
      inSudo = true;
      return json(200, sudoConfirmed);
    },
    'POST /api/passkeys/registration-options': sudo(() => json(200, { options: creationOptions })),
    'POST /api/passkeys': sudo((request) => json(201, { id: 'bmV3', nickname: (request.body as { nickname: string }).nickname, createdAt: '2025-04-01T00:00:00.000Z', lastUsedAt: null })),
    [`PATCH /api/passkeys/${laptop.id}`]: sudo((request) => json(200, { ...laptop, ...(request.body as object) })),
    [`DELETE /api/passkeys/${laptop.id}`]: sudo(() => noContent()),
  });
}

const registration = vi.mocked(startRegistration);

describe('PasskeysSection', () => {
  beforeEach(() => {
    registration.mockReset();
  });

  it('adds a passkey: a nickname, confirm access, the browser prompt with the server options, then the response', async () => {
    registration.mockResolvedValue(registrationResult);
    const { requests } = servePasskeys([], { sudo: false });
    renderWithSudo(<PasskeysSection />);
    const user = userEvent.setup();
    expect(await screen.findByText('No passkeys yet.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Add a passkey' }));
    await user.type(screen.getByLabelText('Nickname'), 'Work laptop');
    await user.click(screen.getByRole('button', { name: 'Add passkey' }));
    await user.type(await screen.findByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const list = await screen.findByRole('list', { name: 'Passkeys' });
    expect(within(list).getByText('Work laptop')).toBeDefined();
    expect(registration).toHaveBeenCalledWith({ optionsJSON: creationOptions });
    expect(requests.find((request) => route(request) === 'POST /api/passkeys')?.body).toEqual({ nickname: 'Work laptop', response: registrationResult });
    expect(screen.getByRole('status').textContent).toBe('Added Work laptop.');
  });

  it('says in passkey words when the browser prompt is cancelled, and adds nothing', async () => {
    registration.mockRejectedValue(notAllowed());
    const { requests } = servePasskeys([]);
    renderWithSudo(<PasskeysSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Add a passkey' }));
    await user.type(screen.getByLabelText('Nickname'), 'Phone');
    await user.click(screen.getByRole('button', { name: 'Add passkey' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The passkey request was cancelled or timed out.');
    expect(requests.some((request) => route(request) === 'POST /api/passkeys')).toBe(false);
  });

  it('edits the nickname', async () => {
    const { requests } = servePasskeys([laptop]);
    renderWithSudo(<PasskeysSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Edit' }));
    const field = screen.getByLabelText('Nickname');
    await user.clear(field);
    await user.type(field, 'Old laptop');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Old laptop')).toBeDefined();
    expect(requests.find((request) => request.method === 'PATCH')?.body).toEqual({ nickname: 'Old laptop' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit' }));
  });

  it('asks before deleting, deletes nothing on "Cancel", and deletes on "Delete"', async () => {
    const { requests } = servePasskeys([laptop]);
    renderWithSudo(<PasskeysSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const question = screen.getByRole('group', { name: 'Delete the passkey “Laptop”?' });
    await user.click(within(question).getByRole('button', { name: 'Cancel' }));
    expect(requests.some((request) => request.method === 'DELETE')).toBe(false);
    expect(screen.getByText('Laptop')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('group', { name: 'Delete the passkey “Laptop”?' })).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('Laptop')).toBeNull());
    expect(screen.getByText('No passkeys yet.')).toBeDefined();
    expect(requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    expect(screen.getByRole('status').textContent).toBe('Deleted Laptop.');
  });
});
