import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SecurityKeyView } from '@recovery/core/api/index';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { signedInWithTwoFactor, sudoConfirmed } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { renderWithSudo } from '../test/renderWithSudo.tsx';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';
import { assertionResult, creationOptions, notAllowed, registrationResult, requestOptions } from '../test/webAuthnFakes.ts';
import { SecurityKeysSection } from './SecurityKeysSection.tsx';

vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));

const blueKey: SecurityKeyView = { id: 'Ymx1ZQ', nickname: 'Blue key', createdAt: '2025-03-04T05:06:07.000Z', lastUsedAt: null, upgradable: false };
const greenKey: SecurityKeyView = { id: 'Z3JlZW4', nickname: 'Green key', createdAt: '2025-03-05T05:06:07.000Z', lastUsedAt: '2025-03-06T05:06:07.000Z', upgradable: false };

function serveKeys(keys: SecurityKeyView[], options: { sudo?: boolean } = {}) {
  let inSudo = options.sudo ?? true;
  const sudo = (handler: (request: RecordedRequest) => Response) => (request: RecordedRequest) =>
    inSudo ? handler(request) : apiError(403, 'sudo_required', 'Confirm access with your password to continue');
  return serveRoutes({
    'GET /api/session': () => json(200, signedInWithTwoFactor),
    'GET /api/security-keys': () => json(200, { keys }),
    'POST /api/sudo': () => {
      inSudo = true;
      return json(200, sudoConfirmed);
    },
    'POST /api/security-keys/registration-options': sudo(() => json(200, { options: creationOptions })),
    'POST /api/security-keys': sudo((request) => {
      const { nickname } = request.body as { nickname: string };
      return json(201, { id: 'bmV3', nickname, createdAt: '2025-04-01T00:00:00.000Z', lastUsedAt: null, upgradable: false });
    }),
    [`PATCH /api/security-keys/${blueKey.id}`]: sudo((request) => json(200, { ...blueKey, ...(request.body as object) })),
    [`DELETE /api/security-keys/${blueKey.id}`]: sudo(() => noContent()),
    [`POST /api/security-keys/${greenKey.id}/upgrade-options`]: sudo(() => json(200, { options: requestOptions })),
    [`POST /api/security-keys/${greenKey.id}/upgrade`]: sudo(() => json(200, { id: greenKey.id, nickname: greenKey.nickname, createdAt: greenKey.createdAt, lastUsedAt: greenKey.lastUsedAt })),
  });
}

const registration = vi.mocked(startRegistration);

describe('SecurityKeysSection', () => {
  beforeEach(() => {
    registration.mockReset();
  });

  it('lists each key with its nickname, when it was added and when it was last used', async () => {
    serveKeys([blueKey, greenKey]);
    renderWithSudo(<SecurityKeysSection />);

    const list = await screen.findByRole('list', { name: 'Security keys' });
    const [blue, green] = within(list).getAllByRole('listitem');
    expect(blue?.textContent).toContain('Blue key');
    expect(blue?.textContent).toMatch(/Added .*2025/);
    expect(blue?.textContent).toContain('Last used Never');
    expect(green?.textContent).not.toContain('Never');
    expect(green?.querySelector('time[datetime="2025-03-06T05:06:07.000Z"]')).not.toBeNull();

    // Every key has a "Remove", told apart by the nickname it is described by.
    const remove = within(blue as HTMLElement).getByRole('button', { name: 'Remove' });
    expect(document.getElementById(remove.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Blue key');
  });

  it('registers a new key: a nickname, the browser prompt with the server options, then the response', async () => {
    registration.mockResolvedValue(registrationResult);
    const { requests } = serveKeys([], { sudo: false });
    renderWithSudo(<SecurityKeysSection />);
    const user = userEvent.setup();
    expect(await screen.findByText('No security keys registered.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Register new security key' }));
    await user.type(screen.getByLabelText('Nickname'), 'Yubikey 5');
    await user.click(screen.getByRole('button', { name: 'Add security key' }));
    await user.type(await screen.findByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const list = await screen.findByRole('list', { name: 'Security keys' });
    expect(within(list).getByText('Yubikey 5')).toBeDefined();
    expect(registration).toHaveBeenCalledWith({ optionsJSON: creationOptions });
    const added = requests.find((request) => route(request) === 'POST /api/security-keys');
    expect(added?.body).toEqual({ nickname: 'Yubikey 5', response: registrationResult });
    expect(screen.getByRole('status').textContent).toBe('Added Yubikey 5.');
    expect(screen.queryByLabelText('Nickname')).toBeNull();
  });

  it('asks for a nickname before prompting for the key', async () => {
    const { requests } = serveKeys([]);
    renderWithSudo(<SecurityKeysSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Register new security key' }));
    await user.click(screen.getByRole('button', { name: 'Add security key' }));

    expect(await screen.findByText('Give the key a nickname')).toBeDefined();
    expect(registration).not.toHaveBeenCalled();
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it('explains a cancelled or timed-out browser prompt and registers nothing', async () => {
    registration.mockRejectedValue(notAllowed());
    const { requests } = serveKeys([]);
    renderWithSudo(<SecurityKeysSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Register new security key' }));
    await user.type(screen.getByLabelText('Nickname'), 'Yubikey 5');
    await user.click(screen.getByRole('button', { name: 'Add security key' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The security key did not respond or the request was cancelled.');
    expect(requests.some((request) => route(request) === 'POST /api/security-keys')).toBe(false);
    expect((screen.getByLabelText('Nickname') as HTMLInputElement).value).toBe('Yubikey 5');
  });

  it('renames a key', async () => {
    const { requests } = serveKeys([blueKey]);
    renderWithSudo(<SecurityKeysSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Rename' }));
    const field = screen.getByLabelText('Nickname');
    expect((field as HTMLInputElement).value).toBe('Blue key');
    await user.clear(field);
    await user.type(field, 'Navy key');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Navy key')).toBeDefined();
    expect(requests.find((request) => request.method === 'PATCH')?.body).toEqual({ nickname: 'Navy key' });
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename' }));
  });

  it('removes a key and moves focus to the section heading', async () => {
    const { requests } = serveKeys([blueKey]);
    renderWithSudo(<SecurityKeysSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Remove' }));

    await waitFor(() => expect(screen.queryByText('Blue key')).toBeNull());
    expect(screen.getByText('No security keys registered.')).toBeDefined();
    expect(requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    expect(document.activeElement?.textContent).toBe('Security keys');
  });

  it('offers "Upgrade to passkey" only for a key that can be one, and moves it to the passkeys', async () => {
    vi.mocked(startAuthentication).mockResolvedValue(assertionResult);
    const { requests } = serveKeys([blueKey, { ...greenKey, upgradable: true }]);
    renderWithSudo(<SecurityKeysSection />);
    const user = userEvent.setup();

    const list = await screen.findByRole('list', { name: 'Security keys' });
    const [blue, green] = within(list).getAllByRole('listitem');
    expect(within(blue as HTMLElement).queryByRole('button', { name: 'Upgrade to passkey' })).toBeNull();
    await user.click(within(green as HTMLElement).getByRole('button', { name: 'Upgrade to passkey' }));

    await waitFor(() => expect(screen.queryByText('Green key')).toBeNull());
    expect(screen.getByRole('status').textContent).toBe('Green key is now a passkey.');
    expect(vi.mocked(startAuthentication)).toHaveBeenCalledWith({ optionsJSON: requestOptions });
    expect(requests.find((request) => route(request) === `POST /api/security-keys/${greenKey.id}/upgrade`)?.body).toEqual({ response: assertionResult });
  });
});
