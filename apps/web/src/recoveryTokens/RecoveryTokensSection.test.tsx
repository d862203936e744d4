import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SessionView } from '@recovery/core/api/index';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecoveryTokenList, RecoveryTokenView } from '../api/RecoveryTokenList.ts';
import { assignLocation } from '../navigation/assignLocation.ts';
import { partner as configuredPartner, publishedPartner, signedInInSudo, signedInWithTwoFactor, sudoConfirmed } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { renderWithSudoAt } from '../test/renderWithSudoAt.tsx';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';
import { RecoveryTokensSection } from './RecoveryTokensSection.tsx';

/** A partner whose configuration document could not be fetched: the configured name, no icon. */
const partner = { ...configuredPartner, iconUrl: null };

vi.mock('../navigation/assignLocation.ts', () => ({ assignLocation: vi.fn() }));
const assign = vi.mocked(assignLocation);

const ready: RecoveryTokenView = {
  id: '0123456789abcdef0123456789abcdef',
  partner: partner.url,
  state: 'confirmed',
  createdAt: '2025-03-04T05:06:07.000Z',
  confirmedAt: '2025-03-04T05:06:09.000Z',
  recoveredAt: null,
};
const used: RecoveryTokenView = {
  id: 'fedcba9876543210fedcba9876543210',
  partner: partner.url,
  state: 'recovered',
  createdAt: '2025-01-02T05:06:07.000Z',
  confirmedAt: '2025-01-02T05:06:09.000Z',
  recoveredAt: '2025-02-03T05:06:07.000Z',
};
const authorizationUrl = 'http://localhost:4000/authorize?client_id=account&state=s1&code_challenge=c1';

function serveTokens(list: RecoveryTokenList, options: { session?: SessionView; sudo?: boolean; save?: () => Response } = {}) {
  let inSudo = options.sudo ?? true;
  const sudo = (handler: (request: RecordedRequest) => Response) => (request: RecordedRequest) =>
    inSudo ? handler(request) : apiError(403, 'sudo_required', 'Confirm access with your password to continue');
  return serveRoutes({
    'GET /api/session': () => json(200, options.session ?? signedInWithTwoFactor),
    'GET /api/security-keys': () => json(200, { keys: [] }),
    'GET /api/recovery-tokens': () => json(200, list),
    'POST /api/sudo': () => {
      inSudo = true;
      return json(200, sudoConfirmed);
    },
    'POST /api/recovery-tokens/save': sudo(options.save ?? (() => json(200, { authorizationUrl }))),
    [`DELETE /api/recovery-tokens/${ready.id}`]: sudo(() => noContent()),
  });
}

function requestsTo(requests: RecordedRequest[], name: string): RecordedRequest[] {
  return requests.filter((request) => route(request) === name);
}

describe('RecoveryTokensSection', () => {
  beforeEach(() => {
    assign.mockReset();
  });

  it('explains Recover Accounts Elsewhere and lists each token with its partner, date and state', async () => {
    serveTokens({ tokens: [ready, used], partner });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');

    const section = await screen.findByRole('region', { name: 'Recovery tokens' });
    expect(section.id).toBe('recovery-tokens');
    expect(section.textContent).toContain('Recover Accounts Elsewhere');
    const [first, second] = within(screen.getByRole('list', { name: 'Recovery tokens' })).getAllByRole('listitem');
    expect(first?.textContent).toContain('Stored with Partner (http://localhost:4000)');
    expect(first?.textContent).toContain('Ready');
    expect(first?.querySelector('time')?.getAttribute('datetime')).toBe(ready.createdAt);
    expect(within(first as HTMLElement).getByRole('button', { name: 'Delete' })).toBeDefined();
    expect(second?.textContent).toContain('Used');
    expect(second?.textContent).toContain('cannot be used again');
    // A used token can no longer be deleted at the service, so it offers no button.
    expect(within(second as HTMLElement).queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Store new token' })).toBeDefined();
  });

  it('is left out when no partner is configured and there are no tokens', async () => {
    const { requests } = serveTokens({ tokens: [], partner: null });
    const { container } = renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');
    await waitFor(() => expect(requestsTo(requests, 'GET /api/recovery-tokens')).toHaveLength(1));
    await waitFor(() => expect(container.textContent).toBe(''));
    expect(screen.queryByRole('heading', { name: 'Recovery tokens' })).toBeNull();
  });

  it('still lists tokens (without "Store new token") once the partner is no longer configured', async () => {
    serveTokens({ tokens: [ready], partner: null });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');

    const list = await screen.findByRole('list', { name: 'Recovery tokens' });
    expect(within(list).getByRole('listitem').textContent).toContain('Stored with http://localhost:4000');
    expect(screen.queryByRole('button', { name: 'Store new token' })).toBeNull();
  });

  it('in sudo mode, "Store new token" explains what happens, then "Connect with" leaves for the partner', async () => {
    const { requests } = serveTokens({ tokens: [], partner }, { session: signedInInSudo });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');
    const user = userEvent.setup();
    expect(await screen.findByText('No recovery tokens stored.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Store new token' }));

    const explainer = await screen.findByRole('group', { name: 'Store a recovery token with Partner' });
    expect(document.activeElement?.textContent).toBe('Store a recovery token with Partner');
    expect(explainer.textContent).toContain('A recovery token that only this service can read is stored with Partner');
    expect(explainer.textContent).toContain('Partner never learns your username or your email address');
    expect(explainer.textContent).toContain('You can delete the token here at any time');
    expect(assign).not.toHaveBeenCalled();
    expect(requestsTo(requests, 'POST /api/recovery-tokens/save')).toHaveLength(0);

    await user.click(within(explainer).getByRole('button', { name: 'Connect with http://localhost:4000' }));

    await waitFor(() => expect(assign).toHaveBeenCalledWith(authorizationUrl));
    expect(requestsTo(requests, 'POST /api/recovery-tokens/save')).toHaveLength(1);
    expect(requestsTo(requests, 'POST /api/sudo')).toHaveLength(0);
  });

  it('shows the partner\'s published name and icon beside "Connect with <origin>"', async () => {
    serveTokens({ tokens: [], partner: publishedPartner }, { session: signedInInSudo });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Store new token' }));
    const explainer = await screen.findByRole('group', { name: 'Store a recovery token with Partner Co' });
    const connect = within(explainer).getByRole('button', { name: 'Connect with http://localhost:4000' });
    const beside = connect.parentElement as HTMLElement;
    expect(beside.textContent).toContain('Partner Co');
    expect(beside.querySelector('img')?.getAttribute('src')).toBe(publishedPartner.iconUrl);
    expect(explainer.textContent).toContain('confirm with “Save as” and your name there');
  });

  it('asks to confirm access before the explainer when the session is not in sudo mode', async () => {
    const { requests } = serveTokens({ tokens: [], partner }, { sudo: false });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Store new token' }));
    expect(screen.queryByRole('group', { name: 'Store a recovery token with Partner' })).toBeNull();
    await user.type(await screen.findByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    await user.click(await screen.findByRole('button', { name: 'Connect with http://localhost:4000' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith(authorizationUrl));
    expect(requestsTo(requests, 'POST /api/sudo')).toHaveLength(1);
  });

  it('stays as it was when "Confirm access" is cancelled', async () => {
    serveTokens({ tokens: [], partner }, { sudo: false });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Store new token' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(await screen.findByRole('button', { name: 'Store new token' })).toBeDefined();
    expect(screen.queryByRole('group', { name: 'Store a recovery token with Partner' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows why the partner could not be reached, and stays on the page', async () => {
    serveTokens({ tokens: [], partner }, { session: signedInInSudo, save: () => apiError(502, 'partner_unavailable', 'The partner did not answer; try again later') });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Store new token' }));
    await user.click(await screen.findByRole('button', { name: 'Connect with http://localhost:4000' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The partner did not answer; try again later');
    expect(assign).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Connect with http://localhost:4000' })).toHaveProperty('disabled', false);
  });

  it('deletes a token only after a confirmation, then announces it and focuses the section', async () => {
    const { requests } = serveTokens({ tokens: [ready], partner });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const confirm = screen.getByRole('group', { name: 'Delete this recovery token?' });
    expect(confirm.textContent).toContain('never be used to recover your account');
    expect(confirm.textContent).toContain('keeps an unreadable copy until you remove it on its Recovery tokens page');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Delete' }));
    expect(requests.filter((request) => request.method === 'DELETE')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('group', { name: 'Delete this recovery token?' })).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByText('No recovery tokens stored.')).toBeDefined();
    expect(requests.filter((request) => request.method === 'DELETE').map((request) => request.url.pathname)).toEqual([`/api/recovery-tokens/${ready.id}`]);
    const status = screen.getByText(/Recovery token deleted/);
    expect(status.getAttribute('role')).toBe('status');
    // What remains where: gone here, an inert copy at the partner until removed there.
    expect(status.textContent).toContain(`${new URL(ready.partner).origin} keeps an unreadable copy until you remove it there`);
    expect(document.activeElement?.textContent).toBe('Recovery tokens');
  });

  it('back from the partner, says the token is stored, focuses the section and cleans the address', async () => {
    serveTokens({ tokens: [ready], partner });
    const { router } = renderWithSudoAt(<RecoveryTokensSection />, '/settings/security?recovery_token=saved#recovery-tokens');

    const status = await screen.findByText('Your recovery token is stored with Partner.');
    expect(status.getAttribute('role')).toBe('status');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Recovery tokens'));
    expect(router.state.location.search).toBe('');
    expect(router.state.location.hash).toBe('#recovery-tokens');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('deleting the token just stored says one thing: the "stored" message gives way to "deleted"', async () => {
    serveTokens({ tokens: [ready], partner });
    renderWithSudoAt(<RecoveryTokensSection />, '/settings/security?recovery_token=saved#recovery-tokens');
    const user = userEvent.setup();
    expect(await screen.findByText('Your recovery token is stored with Partner.')).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('group', { name: 'Delete this recovery token?' })).getByRole('button', { name: 'Delete' }));

    const section = screen.getByRole('region', { name: 'Recovery tokens' });
    await waitFor(() => expect(within(section).getAllByRole('status').map((status) => status.textContent).filter(Boolean)).toEqual([expect.stringMatching(/^Recovery token deleted here\./)]));
    expect(screen.queryByText(/is stored with/)).toBeNull();
  });

  it('back from the partner with an error, shows it as an alert and cleans the address', async () => {
    serveTokens({ tokens: [], partner });
    const { router } = renderWithSudoAt(
      <RecoveryTokensSection />,
      '/settings/security?recovery_error=denied#recovery-tokens',
    );

    expect((await screen.findByRole('alert')).textContent).toBe('The recovery token was not stored: You did not allow it at the partner.');
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(router.state.location.hash).toBe('#recovery-tokens');
    expect(screen.queryByText(/is stored with/)).toBeNull();
  });

  it('never shows words from the address: an unknown code gets our generic message', async () => {
    serveTokens({ tokens: [], partner });
    renderWithSudoAt(<RecoveryTokensSection />, `/settings/security?recovery_error=${encodeURIComponent('Your account is locked, call +1 555 0100')}#recovery-tokens`);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The recovery token was not stored: Something went wrong; try again.');
    expect(document.body.textContent).not.toContain('555');
  });
});
