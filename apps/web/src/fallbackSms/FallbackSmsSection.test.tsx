import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FallbackSmsView, SessionView } from '@recovery/core/api/index';
import { supportedSmsCountries } from '@recovery/core/smsCountries';
import { describe, expect, it } from 'vitest';
import { signedInWithTwoFactor, sudoConfirmed } from '../test/fixtures.ts';
import { apiError, json, route, type RecordedRequest } from '../test/mockFetch.ts';
import { renderWithSudo } from '../test/renderWithSudo.tsx';
import { noContent, serveRoutes } from '../test/serveRoutes.ts';
import { FallbackSmsSection } from './FallbackSmsSection.tsx';

const countries = supportedSmsCountries.map((country) => ({ ...country }));
const none: FallbackSmsView = { number: null, country: null, confirmedAt: null, pendingNumber: null, supportedCountries: countries };
const pending: FallbackSmsView = { ...none, pendingNumber: '+••• ••• 5678' };
const confirmed: FallbackSmsView = { ...none, number: '+••• ••• 5678', country: 'NL', confirmedAt: '2025-04-01T00:00:00.000Z' };

const inSudo = { ...signedInWithTwoFactor, sudo: sudoConfirmed.sudo };

function serveFallback(initial: FallbackSmsView, session: SessionView = inSudo) {
  let view = initial;
  return serveRoutes({
    'GET /api/session': () => json(200, session),
    'POST /api/sudo': () => json(200, sudoConfirmed),
    'GET /api/fallback-sms': () => json(200, view),
    'POST /api/fallback-sms': (request: RecordedRequest) => {
      const { phoneNumber } = request.body as { phoneNumber: string };
      if (phoneNumber.startsWith('020')) {
        return apiError(400, 'validation_failed', 'Check the number', [
          { path: 'phoneNumber', message: 'That looks like a landline; use a mobile number that can receive SMS' },
        ]);
      }
      view = pending;
      return json(200, view);
    },
    'POST /api/fallback-sms/resend': () => json(200, view),
    'POST /api/fallback-sms/confirm': (request: RecordedRequest) => {
      if ((request.body as { code: string }).code === '999999') {
        return apiError(400, 'expired', 'That confirmation code has expired; send a new one', [{ path: 'code', message: 'This code has expired' }]);
      }
      if ((request.body as { code: string }).code !== '424242') {
        return apiError(400, 'invalid_code', 'That confirmation code is not valid', [{ path: 'code', message: 'Invalid confirmation code' }]);
      }
      view = confirmed;
      return json(200, view);
    },
    'DELETE /api/fallback-sms': () => {
      view = none;
      return noContent();
    },
  });
}

function posts(requests: RecordedRequest[], path: string): unknown[] {
  return requests.filter((request) => route(request) === `POST ${path}`).map((request) => request.body);
}

describe('FallbackSmsSection', () => {
  it('asks "Confirm access" before showing the number form, and shows no form when it is cancelled', async () => {
    serveFallback(none, signedInWithTwoFactor);
    renderWithSudo(<FallbackSmsSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Add fallback SMS number' }));
    expect(await screen.findByRole('heading', { name: 'Confirm access' })).toBeDefined();
    expect(screen.queryByLabelText('Phone number')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Confirm access' })).toBeNull());
    expect(screen.queryByLabelText('Phone number')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Add fallback SMS number' }));
    await user.type(await screen.findByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByLabelText('Phone number')).toBeDefined();
  });

  it('warns that SMS is a risky last resort and lists the supported countries behind a disclosure', async () => {
    serveFallback(none);
    renderWithSudo(<FallbackSmsSection />);

    expect(await screen.findByText('No fallback number')).toBeDefined();
    expect(screen.getByText(/last resort/).textContent).toMatch(/SIM swapping/);
    expect(screen.getByText(/last resort/).textContent).toMatch(/some countries/);
    const disclosure = screen.getByText('Supported countries').closest('details');
    expect(disclosure?.open).toBe(false);
    expect(within(disclosure as HTMLElement).getAllByRole('listitem', { hidden: true })).toHaveLength(countries.length);
    expect(disclosure?.textContent).toContain('Netherlands (+31)');
    expect(screen.getByRole('button', { name: 'Add fallback SMS number' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Change' })).toBeNull();
  });

  it('adds a number: country and phone number, then the code from the SMS', async () => {
    const { requests } = serveFallback(none);
    renderWithSudo(<FallbackSmsSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Add fallback SMS number' }));
    expect(screen.getByRole('heading', { name: 'Add fallback SMS number' })).toBeDefined();
    const country = screen.getByLabelText('Country');
    // The placeholder plus the supported countries, and nothing else.
    expect(within(country).getAllByRole('option')).toHaveLength(countries.length + 1);
    await user.selectOptions(country, 'NL');
    await user.type(screen.getByLabelText('Phone number'), '06 12345678');
    await user.click(screen.getByRole('button', { name: 'Set fallback' }));

    // The number just typed is shown back as typed, not masked.
    expect(await screen.findByText('We sent a confirmation code to 06 12345678 (Netherlands).')).toBeDefined();
    expect(posts(requests, '/api/fallback-sms')).toEqual([{ country: 'NL', phoneNumber: '06 12345678' }]);

    await user.type(screen.getByLabelText('Confirmation code'), '424242');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByText('+••• ••• 5678', { selector: 'strong' })).toBeDefined();
    expect(screen.getByText('Your fallback number is now 06 12345678 (Netherlands).')).toBeDefined();
    expect(posts(requests, '/api/fallback-sms/confirm')).toEqual([{ code: '424242' }]);
    expect(screen.getByRole('button', { name: 'Change' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Remove' })).toBeDefined();
    expect(screen.queryByLabelText('Confirmation code')).toBeNull();
  });

  it('requires a country, and shows the service’s verdict on the number under its field', async () => {
    const { requests } = serveFallback(none);
    renderWithSudo(<FallbackSmsSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Add fallback SMS number' }));
    await user.type(screen.getByLabelText('Phone number'), '020 1234567');
    await user.click(screen.getByRole('button', { name: 'Set fallback' }));
    expect(await screen.findByText('Choose a supported country')).toBeDefined();
    expect(screen.getByLabelText('Country').getAttribute('aria-invalid')).toBe('true');
    expect(posts(requests, '/api/fallback-sms')).toHaveLength(0);

    await user.selectOptions(screen.getByLabelText('Country'), 'NL');
    await user.click(screen.getByRole('button', { name: 'Set fallback' }));
    const phone = screen.getByLabelText('Phone number');
    await waitFor(() => expect(phone.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(/looks like a landline/)).toBeDefined();
    expect(document.activeElement).toBe(phone);
  });

  it('keeps asking after a wrong confirmation code, and resumes a pending number on the next visit', async () => {
    const { requests } = serveFallback(pending);
    renderWithSudo(<FallbackSmsSection />);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Confirmation code'), '111111');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    const field = screen.getByLabelText('Confirmation code');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Invalid confirmation code')).toBeDefined();
    expect(posts(requests, '/api/fallback-sms/confirm')).toEqual([{ code: '111111' }]);
  });

  it('says an expired code expired, and "Resend" texts a new one', async () => {
    const { requests } = serveFallback(pending);
    renderWithSudo(<FallbackSmsSection />);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText('Confirmation code'), '999999');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    const field = screen.getByLabelText('Confirmation code');
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('This code has expired')).toBeDefined();
    expect(screen.queryByText(/Invalid/)).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Resend' }));
    await waitFor(() => expect(posts(requests, '/api/fallback-sms/resend')).toHaveLength(1));
    const form = screen.getByRole('form', { name: 'Confirm your fallback number' });
    await waitFor(() => expect(within(form).getByRole('status').textContent).toBe('We sent a new confirmation code to +••• ••• 5678.'));
    await user.type(screen.getByLabelText('Confirmation code'), '424242');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('+••• ••• 5678')).toBeDefined();
  });

  it('removes the number after a confirmation', async () => {
    const { requests } = serveFallback(confirmed);
    renderWithSudo(<FallbackSmsSection />);
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Remove' }));
    expect(screen.getByRole('heading', { name: 'Remove your fallback number?' })).toBeDefined();
    await user.click(screen.getByRole('button', { name: 'Remove' }));

    expect(await screen.findByText('No fallback number')).toBeDefined();
    expect(requests.filter((request) => route(request) === 'DELETE /api/fallback-sms')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Add fallback SMS number' })).toBeDefined();
  });
});
