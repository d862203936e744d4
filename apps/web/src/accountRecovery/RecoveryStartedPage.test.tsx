import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { signedOut } from '../test/fixtures.ts';
import { json } from '../test/mockFetch.ts';
import { renderRoute } from '../test/renderRoute.tsx';
import { serveRoutes } from '../test/serveRoutes.ts';

describe('Account recovery started page', () => {
  it('tells a signed-out visitor what happens next', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    renderRoute('/recovery/started');

    expect(await screen.findByRole('heading', { level: 1, name: 'Account recovery started' })).toBeDefined();
    const steps = screen.getAllByRole('listitem').map((item) => item.textContent ?? '');
    expect(steps).toHaveLength(3);
    expect(steps[0]).toMatch(/support team reviews the request.*email/);
    expect(steps[1]).toMatch(/approve.*two-factor authentication is removed.*waiting period.*sign in with your password/);
    expect(steps[2]).toMatch(/real owner.*cancel.*any signed-in session/);
    expect(screen.getByRole('link', { name: 'Back to sign in' }).getAttribute('href')).toBe('/sign-in');
  });

  it('states the waiting period from the configuration and the reference to quote to support', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, { ...signedOut, recoveryWaitingHours: 48 }) });
    renderRoute('/recovery/started?reference=01JQ0000000000000000000001');

    await screen.findByRole('heading', { level: 1, name: 'Account recovery started' });
    expect(screen.getAllByRole('listitem')[1]?.textContent).toContain('after a waiting period of 48 hours (2 days)');
    expect(screen.getByText('01JQ0000000000000000000001').closest('p')?.textContent).toBe('Your reference: 01JQ0000000000000000000001. Quote it if you contact support.');
  });

  it('shows no reference that is not a request id', async () => {
    serveRoutes({ 'GET /api/session': () => json(200, signedOut) });
    renderRoute('/recovery/started?reference=%3Cscript%3E');
    await screen.findByRole('heading', { level: 1, name: 'Account recovery started' });
    expect(screen.queryByText(/Your reference/)).toBeNull();
  });
});
