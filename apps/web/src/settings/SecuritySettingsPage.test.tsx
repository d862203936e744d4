import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { RecoveryCodesView, SessionView, TwoFactorStatus } from '@recovery/core/api/index';
import { describe, expect, it } from 'vitest';
import { noRecoveryRequests, noRecoveryTokens, partner, publishedPartner, signedIn, signedInWithTwoFactor, sixteenCodes, sudoConfirmed, twoFactorEnabled, twoFactorOff } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';

const setup = {
  otpauthUri: 'otpauth://totp/localhost:octocat?secret=JBSWY3DPEHPK3PXP&issuer=localhost',
  setupKey: 'JBSWY3DPEHPK3PXP',
  qrCodeDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
};

const emptyFallback = { number: null, country: null, confirmedAt: null, pendingNumber: null, supportedCountries: [] };

/** The account service for these pages: 2FA state that changes as the user acts, sudo off until confirmed. */
function serveAccount(options: { status?: TwoFactorStatus; session?: SessionView; sudo?: boolean; recoveryRequests?: unknown[] } = {}) {
  let status = options.status ?? twoFactorOff;
  let session = options.session ?? signedIn;
  let inSudo = options.sudo ?? true;
  /** The security log, newest first, as far as these pages read it. */
  const events: Array<{ action: string; createdAt: string }> = [];
  const logged = (action: string) =>
    events.unshift({ action, createdAt: new Date(Date.parse('2025-06-01T00:00:00.000Z') + events.length * 1000).toISOString() });
  const sudo = (handler: (request: RecordedRequest) => Response) => (request: RecordedRequest) =>
    inSudo ? handler(request) : apiError(403, 'sudo_required', 'Confirm access with your password to continue');
  const served = serveRoutes({
    'GET /api/session': () => json(200, session),
    'GET /api/two-factor': () => json(200, status),
    'GET /api/security-keys': () => json(200, { keys: [] }),
    'GET /api/passkeys': () => json(200, { passkeys: [] }),
    'GET /api/fallback-sms': () => json(200, emptyFallback),
    'GET /api/recovery-tokens': () => json(200, noRecoveryTokens),
    'GET /api/account-recovery': () => json(200, options.recoveryRequests ? { requests: options.recoveryRequests } : noRecoveryRequests),
    'GET /api/security-log': () =>
      json(200, {
        events: events.map((event, index) => ({ id: `ev${index}`, description: event.action, ip: '127.0.0.1', userAgent: 'test', actor: null, data: {}, ...event })),
        nextCursor: null,
      }),
    'POST /api/sudo': (request) => {
      if ((request.body as { password?: string }).password !== 'correct horse') {
        return apiError(401, 'invalid_credentials', 'Incorrect password', [{ path: 'password', message: 'Incorrect password' }]);
      }
      inSudo = true;
      return json(200, sudoConfirmed);
    },
    'POST /api/two-factor/setup': sudo(() => json(200, setup)),
    'POST /api/two-factor/enable': sudo((request) => {
      if ((request.body as { code: string }).code !== '123456') {
        return apiError(400, 'invalid_code', 'That code is not valid', [{ path: 'code', message: 'Invalid authentication code' }]);
      }
      status = { ...twoFactorEnabled };
      session = signedInWithTwoFactor;
      logged('two_factor_authentication.enabled');
      return json(200, { recoveryCodes: sixteenCodes, generatedAt: '2025-04-05T06:07:08.000Z' });
    }),
    'POST /api/two-factor/disable': sudo(() => {
      status = twoFactorOff;
      session = signedIn;
      logged('two_factor_authentication.disabled');
      return noContent();
    }),
    'POST /api/two-factor/recovery-codes': sudo(() =>
      json(200, { recoveryCodes: sixteenCodes.map((code) => code.replace(/^../, 'ff')), generatedAt: '2025-05-06T07:08:09.000Z' }),
    ),
    'GET /api/two-factor/recovery-codes': sudo(() => {
      const view: RecoveryCodesView = {
        codes: sixteenCodes.map((code, index) => ({ code, used: index < 2 })),
        generatedAt: '2025-04-05T06:07:08.000Z',
        username: 'octocat',
      };
      return json(200, view);
    }),
    'POST /api/two-factor/recovery-codes/events': () => noContent(),
  });
  return served;
}

function posted(requests: RecordedRequest[], path: string): RecordedRequest[] {
  return requests.filter((request) => route(request) === `POST ${path}`);
}

describe('Password and authentication: turning on two-factor authentication', () => {
  it('confirms access, shows the QR code and setup key, verifies a code, then holds the page on the new recovery codes', async () => {
    const { requests } = serveAccount({ sudo: false });
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Enable two-factor authentication' }));
    await user.type(await screen.findByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    const qr = await screen.findByRole('img', { name: 'QR code for your authenticator app' });
    expect(qr.getAttribute('src')).toBe(setup.qrCodeDataUrl);
    const setupKey = screen.getByLabelText('Setup key') as HTMLInputElement;
    expect(setupKey.value).toBe('JBSWY3DPEHPK3PXP');
    expect(setupKey.readOnly).toBe(true);
    // On a phone the QR code is on the same screen as the app: a link opens it there.
    expect(screen.getByRole('link', { name: 'Open in authenticator app' }).getAttribute('href')).toBe(setup.otpauthUri);
    expect(document.activeElement?.textContent).toBe('Set up your authenticator app');

    await user.type(screen.getByLabelText('Authentication code'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual(sixteenCodes);
    expect(posted(requests, '/api/two-factor/enable')[0]?.body).toEqual({ code: '123456' });
    expect(screen.getByRole('button', { name: 'Download' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Print' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Copy' })).toBeDefined();
    // Until the codes are saved, nothing else of the settings page is offered.
    expect(screen.queryByRole('heading', { name: 'Account' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Security keys' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'I have saved my recovery codes' }));

    expect(await screen.findByText('Enabled')).toBeDefined();
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).toBeNull();
    expect(screen.getByText(/of 16 recovery codes left/)).toBeDefined();
    expect(await screen.findByRole('heading', { name: 'Security keys' })).toBeDefined();
    expect(screen.getByRole('heading', { name: 'Fallback SMS number' })).toBeDefined();
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Two-factor authentication'));
    // Confirmed in the section it concerns, not at the top of the page.
    const section = screen.getByRole('region', { name: 'Two-factor authentication' });
    await waitFor(() => expect(within(section).getByRole('status').textContent).toMatch(/^Two-factor authentication is on\. /));
    expect(screen.getAllByRole('status').filter((status) => status.textContent !== '')).toHaveLength(1);
    // Said once: the section's standing line does not repeat it.
    expect(within(section).getAllByText(/Two-factor authentication is on/)).toHaveLength(1);
  });

  it('shows a wrong code under the field and stays on the setup', async () => {
    serveAccount();
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Enable two-factor authentication' }));
    await user.type(await screen.findByLabelText('Authentication code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const field = screen.getByLabelText('Authentication code');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(field.getAttribute('aria-describedby')?.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain(
      'Invalid authentication code',
    );
    expect(document.activeElement).toBe(field);
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).toBeNull();
  });

  it('checks the code format before asking the service', async () => {
    const { requests } = serveAccount();
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Enable two-factor authentication' }));
    await user.type(await screen.findByLabelText('Authentication code'), '12ab');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByText('Enter the 6-digit code from your app')).toBeDefined();
    expect(posted(requests, '/api/two-factor/enable')).toHaveLength(0);
  });
});

describe('Password and authentication: with two-factor authentication on', () => {
  it('says how many recovery codes are left, and warns when four or fewer remain', async () => {
    serveAccount({ status: twoFactorEnabled, session: signedInWithTwoFactor });
    const first = renderRoute('/settings/security');
    expect(await screen.findByText('Enabled')).toBeDefined();
    expect(screen.getByText(/of 16 recovery codes left/).textContent).toBe('16 of 16 recovery codes left.');
    expect(screen.queryByText(/Generate\s+new recovery codes so you can/)).toBeNull();
    first.unmount();

    serveAccount({ status: { ...twoFactorEnabled, recoveryCodesRemaining: 4 }, session: signedInWithTwoFactor });
    renderRoute('/settings/security');
    const warning = await screen.findByText(/Only 4 recovery codes are left/);
    expect(warning.getAttribute('role')).toBe('status');
  });

  it('shows the recovery codes with spent ones struck through and marked used', async () => {
    serveAccount({ status: twoFactorEnabled, session: signedInWithTwoFactor });
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Show recovery codes' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(16);
    expect(items[0]?.textContent).toBe(`${sixteenCodes[0]} (used)`);
    expect(items[0]?.querySelector('del')).not.toBeNull();
    expect(items[2]?.textContent).toBe(sixteenCodes[2]);
    expect(items[2]?.querySelector('del')).toBeNull();
    expect(screen.getByText(/14 of 16 codes can still be used/)).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Hide recovery codes' }));
    expect(screen.queryByRole('list', { name: 'Recovery codes' })).toBeNull();
  });

  it('generates new codes only after a confirmation that the old ones stop working', async () => {
    const { requests } = serveAccount({ status: twoFactorEnabled, session: signedInWithTwoFactor });
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Generate new recovery codes' }));
    expect(screen.getByText(/current recovery codes stop working/)).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(posted(requests, '/api/two-factor/recovery-codes')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Generate new recovery codes' }));
    await user.click(screen.getByRole('button', { name: 'Generate new recovery codes' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem')[0]?.textContent).toMatch(/^ff/);
    expect(posted(requests, '/api/two-factor/recovery-codes')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'I have saved my recovery codes' }));

    const section = await screen.findByRole('region', { name: 'Two-factor authentication' });
    await waitFor(() => expect(within(section).getByRole('status').textContent).toBe('Your new recovery codes are ready to use. The previous ones no longer work.'));
    expect(screen.getAllByRole('status').filter((status) => status.textContent !== '')).toHaveLength(1);
  });

  it('disables two-factor authentication after a confirmation, and drops the sections that need it', async () => {
    const { requests } = serveAccount({ status: twoFactorEnabled, session: signedInWithTwoFactor });
    renderRoute('/settings/security');
    const user = userEvent.setup();
    expect(await screen.findByRole('heading', { name: 'Security keys' })).toBeDefined();

    await user.click(screen.getByRole('button', { name: 'Disable two-factor authentication' }));
    expect(posted(requests, '/api/two-factor/disable')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Disable two-factor authentication' }));

    expect(await screen.findByRole('button', { name: 'Enable two-factor authentication' })).toBeDefined();
    expect(screen.getByText('Disabled')).toBeDefined();
    expect(screen.queryByRole('heading', { name: 'Security keys' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Fallback SMS number' })).toBeNull();
    expect(posted(requests, '/api/two-factor/disable')).toHaveLength(1);
    // Said in the section, which now reads "off" rather than "not enabled yet".
    const section = screen.getByRole('region', { name: 'Two-factor authentication' });
    expect(within(section).getByRole('status').textContent).toMatch(/^Two-factor authentication is off\. .*security keys and fallback number were removed/);
    expect(within(section).getByText('Two-factor authentication is off.')).toBeDefined();
    expect(document.activeElement?.textContent).toBe('Two-factor authentication');
  });

  it('leaves everything as it was when "Confirm access" is cancelled', async () => {
    const { requests } = serveAccount({ status: twoFactorEnabled, session: signedInWithTwoFactor, sudo: false });
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Show recovery codes' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));

    expect(await screen.findByRole('button', { name: 'Show recovery codes' })).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(requests.filter((request) => route(request) === 'GET /api/two-factor/recovery-codes')).toHaveLength(1);
  });
});

describe('Password and authentication: Recover Accounts Elsewhere', () => {
  it('puts a recovery in progress first, and lists recovery tokens when a partner is configured', async () => {
    serveRoutes({
      'GET /api/session': () => json(200, signedInWithTwoFactor),
      'GET /api/two-factor': () => json(200, twoFactorEnabled),
      'GET /api/security-keys': () => json(200, { keys: [] }),
      'GET /api/passkeys': () => json(200, { passkeys: [] }),
      'GET /api/fallback-sms': () => json(200, emptyFallback),
      'GET /api/recovery-tokens': () => json(200, { tokens: [], partner: publishedPartner }),
      'GET /api/account-recovery': () =>
        json(200, { requests: [{ id: '01JQ0000000000000000000001', status: 'pending', partner: partner.url, createdAt: '2025-03-04T05:06:07.000Z', completesAt: null }] }),
    });
    renderRoute('/settings/security');

    const notice = await screen.findByRole('region', { name: 'Account recovery in progress' });
    const tokens = await screen.findByRole('region', { name: 'Recovery tokens' });
    const regions = screen.getAllByRole('region').map((region) => region.getAttribute('aria-labelledby'));
    expect(regions[0]).toBe(notice.getAttribute('aria-labelledby'));
    expect(within(tokens).getByRole('button', { name: 'Store new token' })).toBeDefined();
    expect(within(notice).getByRole('button', { name: 'Cancel recovery' })).toBeDefined();
  });

  it('offers recovery tokens only while two-factor authentication is on', async () => {
    const { requests } = serveAccount();
    renderRoute('/settings/security');
    expect(await screen.findByRole('button', { name: 'Enable two-factor authentication' })).toBeDefined();
    await waitFor(() => expect(requests.some((request) => route(request) === 'GET /api/account-recovery')).toBe(true));
    expect(screen.queryByRole('heading', { name: 'Recovery tokens' })).toBeNull();
    expect(requests.some((request) => route(request) === 'GET /api/recovery-tokens')).toBe(false);
    expect(screen.queryByRole('heading', { name: 'Account recovery in progress' })).toBeNull();
  });

  it('says what an approved recovery did, says 2FA is off, and points to the one button that turns it on again', async () => {
    const recovered = { id: '01JQ0000000000000000000002', status: 'completed', partner: partner.url, createdAt: '2025-03-01T05:06:07.000Z', completesAt: '2025-03-04T05:06:07.000Z' };
    const { requests } = serveRoutes({
      'GET /api/session': () => json(200, { ...signedIn, sudo: sudoConfirmed.sudo }),
      'GET /api/two-factor': () => json(200, twoFactorOff),
      'GET /api/account-recovery': () => json(200, { requests: [recovered] }),
      'GET /api/security-log': () => json(200, { events: [], nextCursor: null }),
      'POST /api/two-factor/setup': () => json(200, setup),
    });
    renderRoute('/settings/security');

    const banner = await screen.findByRole('region', { name: 'Your account was recovered' });
    expect(banner.textContent).toContain('two-factor authentication was turned off and your security keys and fallback number were removed');
    expect(within(banner).getByText(/Your account was recovered on/).querySelector('time')?.getAttribute('dateTime')).toBe(recovered.completesAt);
    const section = screen.getByRole('region', { name: 'Two-factor authentication' });
    expect(within(section).getByText('Two-factor authentication is off.')).toBeDefined();
    expect(within(section).queryByText(/not enabled yet/)).toBeNull();

    // No second button doing what the section's does.
    expect(within(banner).queryByRole('button')).toBeNull();
    expect(banner.textContent).toContain('“Enable two-factor authentication”');
    await userEvent.setup().click(within(section).getByRole('button', { name: 'Enable two-factor authentication' }));
    expect(await screen.findByLabelText('Setup key')).toBeDefined();
    expect(posted(requests, '/api/two-factor/setup')).toHaveLength(1);
  });

  it('turns 2FA on again after a recovery with one setup, and the banner stays away after 2FA is later turned off', async () => {
    const recovered = { id: '01JQ0000000000000000000002', status: 'completed', partner: partner.url, createdAt: '2025-03-01T05:06:07.000Z', completesAt: '2025-03-04T05:06:07.000Z' };
    const { requests } = serveAccount({ recoveryRequests: [recovered] });
    renderRoute('/settings/security');
    const user = userEvent.setup();

    await screen.findByRole('region', { name: 'Your account was recovered' });
    await user.click(within(screen.getByRole('region', { name: 'Two-factor authentication' })).getByRole('button', { name: 'Enable two-factor authentication' }));
    await user.type(await screen.findByLabelText('Authentication code'), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await user.click(await screen.findByRole('button', { name: 'I have saved my recovery codes' }));

    const section = await screen.findByRole('region', { name: 'Two-factor authentication' });
    await waitFor(() => expect(within(section).getByRole('status').textContent).toMatch(/^Two-factor authentication is on\. /));
    expect(await screen.findByRole('heading', { name: 'Security keys' })).toBeDefined();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByLabelText('Setup key')).toBeNull();
    expect(posted(requests, '/api/two-factor/setup')).toHaveLength(1);
    expect(screen.queryByRole('region', { name: 'Your account was recovered' })).toBeNull();

    const logReads = () => requests.filter((request) => route(request) === 'GET /api/security-log').length;
    const readsWhileOn = logReads();
    await user.click(within(section).getByRole('button', { name: 'Disable two-factor authentication' }));
    await user.click(within(section).getByRole('button', { name: 'Disable two-factor authentication' }));
    expect(await within(section).findByRole('button', { name: 'Enable two-factor authentication' })).toBeDefined();
    // 2FA was turned on after the recovery: the recovery is no longer news, whatever happened since.
    // The page takes a fresh look at the log once 2FA is off again (useTurnedOnSince.test.ts shows
    // that no earlier answer is shown meanwhile).
    await waitFor(() => expect(logReads()).toBeGreaterThan(readsWhileOn));
    expect(screen.queryByRole('region', { name: 'Your account was recovered' })).toBeNull();
  });

  it('shows each way as a row with a status label, and "Disable two-factor authentication" apart in a danger zone', async () => {
    serveAccount({ status: twoFactorEnabled, session: signedInWithTwoFactor });
    renderRoute('/settings/security');
    const rows = await screen.findByRole('list', { name: 'Ways to pass two-factor authentication' });
    const app = within(rows).getByRole('listitem', { name: 'Authenticator app' });
    expect(within(app).getByText('Configured')).toBeDefined();
    expect(within(app).getByRole('button', { name: 'Edit' })).toBeDefined();
    const codes = within(rows).getByRole('listitem', { name: 'Recovery codes' });
    expect(within(codes).getByRole('button', { name: 'Show recovery codes' })).toBeDefined();
    expect(within(rows).queryByRole('button', { name: 'Disable two-factor authentication' })).toBeNull();
    const danger = screen.getByRole('group', { name: 'Danger zone' });
    expect(within(danger).getByRole('button', { name: 'Disable two-factor authentication' })).toBeDefined();
    // One button per action on the page.
    expect(screen.getAllByRole('button', { name: 'Disable two-factor authentication' })).toHaveLength(1);
    const fallback = await screen.findByRole('region', { name: 'Fallback SMS number' });
    expect(await within(fallback).findByText('Not configured')).toBeDefined();
  });

  it('shows no recovery banner while 2FA is on again', async () => {
    serveRoutes({
      'GET /api/session': () => json(200, signedInWithTwoFactor),
      'GET /api/two-factor': () => json(200, twoFactorEnabled),
      'GET /api/security-keys': () => json(200, { keys: [] }),
      'GET /api/passkeys': () => json(200, { passkeys: [] }),
      'GET /api/fallback-sms': () => json(200, emptyFallback),
      'GET /api/recovery-tokens': () => json(200, noRecoveryTokens),
      'GET /api/account-recovery': () =>
        json(200, { requests: [{ id: '01JQ0000000000000000000002', status: 'completed', partner: partner.url, createdAt: '2025-03-01T05:06:07.000Z', completesAt: '2025-03-04T05:06:07.000Z' }] }),
    });
    renderRoute('/settings/security');
    await screen.findByRole('button', { name: 'Disable two-factor authentication' });
    expect(screen.queryByRole('region', { name: 'Your account was recovered' })).toBeNull();
  });

  it('"Edit" replaces the authenticator app: a new setup key, a code, and the rest stays', async () => {
    const replacement = { ...setup, setupKey: 'NEWKEYNEWKEYNEWK', replacementToken: 'sealed-token' };
    const { requests } = serveRoutes({
      'GET /api/session': () => json(200, { ...signedInWithTwoFactor, sudo: sudoConfirmed.sudo }),
      'GET /api/two-factor': () => json(200, twoFactorEnabled),
      'GET /api/security-keys': () => json(200, { keys: [] }),
      'GET /api/passkeys': () => json(200, { passkeys: [] }),
      'GET /api/fallback-sms': () => json(200, emptyFallback),
      'GET /api/recovery-tokens': () => json(200, noRecoveryTokens),
      'GET /api/account-recovery': () => json(200, noRecoveryRequests),
      'POST /api/two-factor/authenticator': () => json(200, replacement),
      'POST /api/two-factor/authenticator/verify': (request) =>
        (request.body as { code: string }).code === '654321' ? noContent() : apiError(400, 'invalid_code', 'That code is not valid', [{ path: 'code', message: 'Invalid authentication code' }]),
    });
    renderRoute('/settings/security');
    const user = userEvent.setup();
    const section = await screen.findByRole('region', { name: 'Two-factor authentication' });

    await user.click(await within(section).findByRole('button', { name: 'Edit' }));
    expect(await screen.findByRole('heading', { name: 'Replace your authenticator app' })).toBeDefined();
    expect((screen.getByLabelText('Setup key') as HTMLInputElement).value).toBe('NEWKEYNEWKEYNEWK');
    await user.type(screen.getByLabelText('Authentication code'), '111111');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Invalid authentication code')).toBeDefined();
    await user.type(screen.getByLabelText('Authentication code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await waitFor(() => expect(within(section).getByRole('status').textContent).toContain('Your new authenticator app is set up'));
    expect(screen.queryByLabelText('Setup key')).toBeNull();
    expect(within(section).getByRole('button', { name: 'Disable two-factor authentication' })).toBeDefined();
    expect(posted(requests, '/api/two-factor/authenticator/verify').map((request) => request.body)).toEqual([
      { replacementToken: 'sealed-token', code: '111111' },
      { replacementToken: 'sealed-token', code: '654321' },
    ]);
  });
});
